import type { locationsNl } from './locations-nl';

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const locationsEn: Texts<typeof locationsNl> = {
  nav: 'Locations',
  title: 'Locations',
  intro:
    'The clinic’s locations. Each location has its own opening hours; staff work at one or more locations.',
  newLocation: 'New location',
  editNamed: 'Change {{name}}',
  edit: 'Change',
  editLabel: 'Change {{name}}',
  archive: 'Archive',
  archiveLabel: 'Archive {{name}}',
  archiveTitle: 'Archive location',
  archiveText:
    '{{name}} leaves the booking page, the agenda and the pickers. Its appointments, invoices and opening hours are kept.',
  archiveConfirm: 'Archive',
  archiveLast: 'This is the last location; a clinic needs at least one.',
  archiveAppointments: 'This location still has appointments to come. Move or cancel them first.',
  archived: 'Archived',
  showArchived: 'Show archived locations',
  none: 'No locations yet.',
  name: 'Name',
  street: 'Street',
  houseNumber: 'House number',
  postcode: 'Postcode',
  city: 'City',
  phone: 'Phone',
  address: 'Address',
  invoicePrefix: 'Invoice prefix',
  invoicePrefixDescription:
    'Optional: capitals and digits (e.g. AMS). Invoices of this location then get a number series of their own, such as AMS-2026-000001.',
  position: 'Order',
  save: 'Save',
  saveFailed: 'Saving failed',
  actions: 'Actions',
  picker: 'Location',
  staffLocations: 'Locations',
  staffLocationsDescription: 'Where this staff member works (at least one).',
  inviteLocationsDescription: 'Optional: where the new colleague will work; you can change it later.',
  wholeClinic: 'The clinic as a whole',
  everyLocation: 'Every location',
  staffLocationsSaved: 'Locations saved',
};
