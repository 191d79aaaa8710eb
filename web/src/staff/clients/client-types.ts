export interface Client {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  street: string | null;
  houseNumber: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  preferredLanguage: 'nl' | 'en';
}

export type ClientFields = Omit<Client, 'id'>;

export const clientKey = (clientId: string) => ['clients', clientId] as const;
