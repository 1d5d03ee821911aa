import { Module } from '@nestjs/common';
import { SharingResolver } from './sharing.resolver.js';

@Module({ providers: [SharingResolver] })
export class SharingModule {}
