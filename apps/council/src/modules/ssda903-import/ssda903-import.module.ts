import { Module } from '@nestjs/common';
import { Ssda903ImportResolver } from './ssda903-import.resolver.js';
import { Ssda903ImportService } from './ssda903-import.service.js';

@Module({ providers: [Ssda903ImportService, Ssda903ImportResolver] })
export class Ssda903ImportModule {}
