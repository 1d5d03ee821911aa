/**
 * Distance without geodata (docs/adr/0013): by the postcode hierarchy. A setting in the same postcode district as one
 * of the referral's preferred sectors is `near`, in the same postcode area (the letters: "ST", "B", "WV") `mid`, else
 * `far`. A referral with no localities, or a setting with no district, is `far`.
 */
export const DISTANCES = ['near', 'mid', 'far'] as const;
export type Distance = (typeof DISTANCES)[number];

export function postcodeArea(district: string): string {
  return /^[A-Z]{1,2}/.exec(district)?.[0] ?? district;
}

export function distanceFrom(settingDistrict: string | null, sectors: readonly string[]): Distance {
  if (!settingDistrict || sectors.length === 0) return 'far';
  const districts = sectors.map((s) => s.split(' ')[0]!);
  if (districts.includes(settingDistrict)) return 'near';
  const area = postcodeArea(settingDistrict);
  return districts.some((d) => postcodeArea(d) === area) ? 'mid' : 'far';
}
