import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { router } from './router';
import { ApiError } from './shared/api';
import { memoryColorSchemeManager } from './shared/color-scheme-manager';
import { readStyleNonce, shareStyleNonce } from './shared/style-nonce';
import { cssVariablesResolver, theme } from './shared/theme';

// A 4xx answer is final (and each attempt on a client's data is logged): retry only what may pass.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});
const styleNonce = readStyleNonce();
shareStyleNonce(styleNonce);
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
