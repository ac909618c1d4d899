/**
 * What the public-holiday table covers (see infra/tools/generate-holidays.ts): the countries of the
 * Americas plus Spain and Portugal, for the years reminders are planned in. Outside it no holiday is
 * known, and a date counts as an ordinary day.
 */
export const HOLIDAY_COUNTRIES = [
  'AR', 'BB', 'BO', 'BR', 'BS', 'BZ', 'CA', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'ES', 'GT', 'GY', 'HN',
  'HT', 'JM', 'MX', 'NI', 'PA', 'PE', 'PR', 'PT', 'PY', 'SR', 'SV', 'TT', 'US', 'UY', 'VE',
] as const;

export const HOLIDAY_YEARS = { from: 2024, to: 2040 } as const;
