import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { router } from './router';
import { memoryColorSchemeManager } from './shared/color-scheme-manager';
import { readStyleNonce } from './shared/style-nonce';
import { cssVariablesResolver, theme } from './shared/theme';

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
});
const styleNonce = readStyleNonce();
const colorSchemeManager = memoryColorSchemeManager();

export function App() {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      forceColorScheme="light"
      getStyleNonce={styleNonce ? () => styleNonce : undefined}
    >
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
