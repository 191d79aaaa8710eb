import type { MantineColorScheme, MantineColorSchemeManager } from '@mantine/core';

// Mantine's default manager writes to localStorage; Vellum keeps browser storage empty.
export function memoryColorSchemeManager(): MantineColorSchemeManager {
  let current: MantineColorScheme | undefined;
  return {
    get: (defaultValue) => current ?? defaultValue,
    set: (value) => {
      current = value;
    },
    subscribe: () => {},
    unsubscribe: () => {},
    clear: () => {
      current = undefined;
    },
  };
}
