import { Module } from '@nestjs/common';
import { NotificationDispatchJob } from './notification-dispatch.job.js';

@Module({ providers: [NotificationDispatchJob] })
export class NotificationsModule {}
