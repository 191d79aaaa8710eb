import { Anchor, Box, Button, Container, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { PrivacyFooterLinks } from '../privacy/public/privacy-footer-links';
import { LanguageSwitcher } from '../shared/language-switcher';
import { MAIN_CONTENT_ID, SkipLink } from '../shared/skip-link';
import { useShop } from '../shop/shop-queries';
import { useClinicName } from './clinic-name';
import { usePageViews } from './page-views';
import classes from './public-layout.module.css';

export function PublicLayout() {
  const { t } = useTranslation(['translation', 'agenda', 'shop']);
  const clinic = useClinicName();
  // The shop's link only while the shop is switched on (a closed shop answers 404).
  const shop = useShop();
  usePageViews();
  return (
    <div className={classes.page}>
      <SkipLink />
      <Box component="header" className={classes.header}>
        <Container size="lg" py="sm">
          {/* On a phone a long clinic name and the booking button may not fit one line: wrap. */}
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Anchor component={Link} to="/" className={classes.brand} fz="xl">
              {clinic}
            </Anchor>
            <Group gap="sm" wrap="nowrap">
              {shop.data && (
                <Button component={Link} to="/shop" size="compact-sm" variant="subtle" data-testid="shop-nav">
                  {t('shop:publicNav')}
                </Button>
              )}
              <Button component={Link} to="/book" size="compact-sm" variant="light">
                {t('agenda:publicNav')}
              </Button>
              <LanguageSwitcher />
            </Group>
          </Group>
        </Container>
      </Box>
      <Box component="main" id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <Container size="lg">
          <Outlet />
        </Container>
      </Box>
      <Box component="footer" className={classes.footer}>
        <Container size="lg" py="lg">
          <Group justify="space-between" gap="sm">
            <Text size="sm" c="dimmed">
              {t('public.footerCopyright', { year: new Date().getFullYear(), clinic })}
            </Text>
            <nav aria-label={t('public.footerNavLabel')}>
              <Group gap="md">
                <PrivacyFooterLinks />
                <Anchor component={Link} to="/app/login" size="sm">
                  {t('public.footerStaffSignIn')}
                </Anchor>
              </Group>
            </nav>
          </Group>
        </Container>
      </Box>
    </div>
  );
}
