import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TenderEntity } from './tender.entity.js';
import type { Tender } from './tender.model.js';

const toModel = (t: TenderEntity): Tender => ({ id: t.id, title: t.title, status: t.status, createdAt: t.createdAt });

@Injectable()
export class TendersService {
  constructor(@InjectRepository(TenderEntity) private readonly tenders: Repository<TenderEntity>) {}

  async list(): Promise<Tender[]> {
    return (await this.tenders.find({ order: { createdAt: 'DESC' } })).map(toModel);
  }

  async byId(id: string): Promise<Tender | null> {
    const found = await this.tenders.findOneBy({ id });
    return found ? toModel(found) : null;
  }

  async createDraft(title: string, createdBy: string): Promise<Tender> {
    const entity = this.tenders.create({ id: randomUUID(), title: title.trim(), status: 'draft', createdBy });
    await this.tenders.insert(entity);
    return toModel(await this.tenders.findOneByOrFail({ id: entity.id }));
  }
}
