import type { cancelPageNl } from './cancel-page-nl';

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const cancelPageEn: Texts<typeof cancelPageNl> = {
  loading: 'Loading your appointment',
  appointment: 'The appointment you are cancelling',
  treatment: 'Treatment',
  practitioner: 'With',
  when: 'When',
  where: 'Where',
  until: 'You can cancel online until {{when}}.',
  moved: 'This appointment was moved to {{when}}. This link belongs to the old time and no longer works.',
  movedHint: 'Want to cancel the new appointment? Use the link in the latest e-mail about your appointment.',
};
