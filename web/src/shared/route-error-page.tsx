import { Anchor, Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { NotFoundPage } from './not-found-page';

export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Container component="main" size="sm">
        <NotFoundPage area="public" />
      </Container>
    );
  }
  return (
    <Container component="main" size="sm">
      <Stack gap="md" py="xl">
        <Title order={1}>{t('routeError.title')}</Title>
        <Text>{t('routeError.text')}</Text>
        <Anchor component={Link} to="/">
          {t('routeError.homeLink')}
        </Anchor>
      </Stack>
    </Container>
  );
}
