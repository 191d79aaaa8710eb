/** The six Fitzpatrick skin types; the description key says how the skin reacts to sun. */
export const FITZPATRICK_TYPES = [
  { value: 1, roman: 'I', description: 'fitzpatrick.type1' },
  { value: 2, roman: 'II', description: 'fitzpatrick.type2' },
  { value: 3, roman: 'III', description: 'fitzpatrick.type3' },
  { value: 4, roman: 'IV', description: 'fitzpatrick.type4' },
  { value: 5, roman: 'V', description: 'fitzpatrick.type5' },
  { value: 6, roman: 'VI', description: 'fitzpatrick.type6' },
] as const;

export function fitzpatrickType(value: number) {
  return FITZPATRICK_TYPES.find((type) => type.value === value) ?? FITZPATRICK_TYPES[0];
}
