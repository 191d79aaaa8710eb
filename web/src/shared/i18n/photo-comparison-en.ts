import type { photoComparisonNl } from './photo-comparison-nl';

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const photoComparisonEn: Texts<typeof photoComparisonNl> = {
  sliderLabel: 'Border between before and after photo',
  sliderValue: '{{before}}% before photo, {{after}}% after photo',
};
