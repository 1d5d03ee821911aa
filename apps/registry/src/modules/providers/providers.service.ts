import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { NotFoundError } from '@rcc/platform';
import { ProviderEntity, type ProviderSector } from './provider.entity.js';
import type { Provider, SetProviderRiskInput } from './provider.model.js';
import { ProviderExistsError, RiskFlagRefusedError } from './providers.exception.js';

const toModel = (p: ProviderEntity): Provider => ({
  id: p.id,
  name: p.name,
  sector: p.sector,
  topCompany: p.topCompany,
  hardToReplace: p.hardToReplace,
  financialRisk: p.financialRisk,
  riskNote: p.riskNote,
});

@Injectable()
export class ProvidersService {
  constructor(@InjectRepository(ProviderEntity) private readonly providers: Repository<ProviderEntity>) {}

  /** The hub sees every provider; a provider user sees only its own. */
  async visibleTo(principal: Principal): Promise<Provider[]> {
    if (principal.roles.includes('hub.commissioner')) {
      return (await this.providers.find({ order: { name: 'ASC' } })).map(toModel);
    }
    if (!principal.provider) return [];
    return (await this.providers.findBy({ id: principal.provider })).map(toModel);
  }

  async byId(id: string): Promise<Provider | null> {
    const found = await this.providers.findOneBy({ id });
    return found ? toModel(found) : null;
  }

  async register(name: string, sector: ProviderSector): Promise<Provider> {
    const trimmed = name.trim();
    if (await this.providers.createQueryBuilder('p').where('lower(p.name) = lower(:n)', { n: trimmed }).getExists()) {
      throw new ProviderExistsError(`a provider named "${trimmed}" is already registered`);
    }
    const entity = this.providers.create({ id: randomUUID(), name: trimmed, sector });
    await this.providers.insert(entity);
    return toModel(entity);
  }

  /** The hub's market-oversight flags. */
  async setRisk(input: SetProviderRiskInput): Promise<Provider> {
    if (input.financialRisk && !input.hardToReplace)
      throw new RiskFlagRefusedError('a financial-risk flag can only be set on a provider marked hard to replace');
    const result = await this.providers.update(
      { id: input.providerId },
      { hardToReplace: input.hardToReplace, financialRisk: input.financialRisk, riskNote: input.note ?? null },
    );
    if (!result.affected) throw new NotFoundError(`no provider ${input.providerId}`);
    return (await this.byId(input.providerId))!;
  }
}
