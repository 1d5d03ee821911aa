import type { SettingType } from '@rcc/contracts';
import { AGE_BAND_YEARS, NEED_REGISTERED } from '../marketplace/eligibility.js';
import type { DeclareVacancyInput } from './dtos/declare-vacancy.input.js';
import { VacancyRefusedError } from './vacancies.exception.js';

/** What Ofsted registered a setting for: the ceiling a declaration is checked against (docs/adr/0050). */
export interface RegisteredSetting {
  provider_id: string;
  registration_status: string;
  setting_type: SettingType;
  registered_places: number;
  age_min: number;
  age_max: number;
  need_flags: string[];
}

/** Fostering agencies are registered as agencies, not for a number of places: their carers' places are not capped. */
const PLACES_REGISTERED: (type: SettingType) => boolean = (type) =>
  type !== 'independent-fostering-agency' && type !== 'local-authority-fostering';

const needWords = (need: string) => need.replace(/-/g, ' ');

/**
 * A declaration cannot promise what the registration does not allow: more places than registered, ages outside the
 * registered range, or (for homes and schools, which Ofsted registers by need) a need the setting is not registered
 * for. Each refusal says in plain words what to change.
 */
export function checkAgainstRegistration(
  setting: RegisteredSetting,
  input: Pick<DeclareVacancyInput, 'vacancies' | 'ageBands' | 'canMeet'>,
): void {
  const problems: string[] = [];
  if (PLACES_REGISTERED(setting.setting_type) && input.vacancies > setting.registered_places)
    problems.push(
      `Places must be ${setting.registered_places} or fewer: the home is registered for ${setting.registered_places}`,
    );
  const outside = input.ageBands.filter((band) => {
    const [lo, hi] = AGE_BAND_YEARS[band];
    return hi < setting.age_min || lo > setting.age_max;
  });
  if (outside.length > 0)
    problems.push(
      `Ages ${outside.join(', ')} are outside the ages the setting is registered for (${setting.age_min} to ${setting.age_max})`,
    );
  if (NEED_REGISTERED.has(setting.setting_type)) {
    const unregistered = input.canMeet.filter((need) => !setting.need_flags.includes(need));
    if (unregistered.length > 0)
      problems.push(
        `The setting is not registered to care for ${unregistered.map(needWords).join(', ')}: remove ${
          unregistered.length === 1 ? 'it' : 'them'
        } or ask Ofsted to change the registration`,
      );
  }
  if (problems.length > 0) throw new VacancyRefusedError(problems.join('. '));
}
