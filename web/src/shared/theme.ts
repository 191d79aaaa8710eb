import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

// A muted rose: calm, warm, and with shades 7+ dark enough for white text (contrast ≥ 6:1).
const rose: MantineColorsTuple = [
  '#fbf1f3',
  '#f3e1e5',
  '#e7c1ca',
  '#db9fae',
  '#d08397',
  '#c46f85',
  '#b0566d',
  '#984a5e',
  '#7f3e4f',
  '#663140',
];

export const theme = createTheme({
  primaryColor: 'rose',
  primaryShade: { light: 7, dark: 5 },
  colors: { rose },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: {
    fontWeight: '600',
    // Long Dutch compounds ("Medewerkersomgeving") must fit a 390 px phone.
    sizes: {
      h1: { fontSize: 'clamp(1.625rem, 1.2rem + 2vw, 2.125rem)' },
      h2: { fontSize: 'clamp(1.375rem, 1.1rem + 1.2vw, 1.625rem)' },
    },
  },
});

// Mantine's default "dimmed" grey and its error red are below 4.5:1 on white; use darker ones.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5f5a5c',
    '--mantine-color-body': '#fffdfd',
    '--mantine-color-error': '#c92a2a',
    // Text of "light" alerts and badges: Mantine's shade 6 is too pale on its tinted background.
    '--mantine-color-yellow-light-color': '#7a4a00',
    '--mantine-color-orange-light-color': '#9c3b00',
    '--mantine-color-teal-light-color': '#0b6b50',
    '--mantine-color-green-light-color': '#276b33',
    '--mantine-color-red-light-color': '#b02525',
    '--mantine-color-gray-light-color': '#495057',
  },
  dark: {},
});
