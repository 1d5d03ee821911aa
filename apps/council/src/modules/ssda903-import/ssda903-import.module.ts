import { Module } from '@nestjs/common';
import { Ssda903ImportResolver } from './ssda903-import.resolver.js';
import { Ssda903ImportService } from './ssda903-import.service.js';
import { Ssda903UploadController } from './ssda903-upload.controller.js';

@Module({ providers: [Ssda903ImportService, Ssda903ImportResolver], controllers: [Ssda903UploadController] })
export class Ssda903ImportModule {}
