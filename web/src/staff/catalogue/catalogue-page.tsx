import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ShopSettingsPanel } from '../../shop/staff/shop-settings-panel';
import { IntakeTemplatesPanel } from '../intake-templates/intake-templates-panel';
import { OwnerOnly } from '../session/owner-only';
import { DevicesPanel } from './devices-panel';
import { ProductsPanel } from './products-panel';
import { TreatmentTypesPanel } from './treatment-types-panel';

/** The owner's catalogue: treatment types, products and devices (the agenda and shop use it too). */
export function CataloguePage() {
  const { t } = useTranslation(['translation', 'shop', 'intakeEditor']);
  useDocumentTitle(`${t('catalogue.title')} · ${t('common.brand')}`);
  return (
    <OwnerOnly>
      <Stack gap="lg" maw={1040}>
        <Stack gap={4}>
          <Title order={1}>{t('catalogue.title')}</Title>
          <Text c="dimmed">{t('catalogue.intro')}</Text>
        </Stack>
        <Tabs defaultValue="treatment-types" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="treatment-types">{t('catalogue.tabTreatmentTypes')}</Tabs.Tab>
            <Tabs.Tab value="products">{t('catalogue.tabProducts')}</Tabs.Tab>
            <Tabs.Tab value="devices">{t('catalogue.tabDevices')}</Tabs.Tab>
            <Tabs.Tab value="intake-forms">{t('intakeEditor:tab')}</Tabs.Tab>
            <Tabs.Tab value="shop">{t('shop:staff.settingsTitle')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="treatment-types" pt="md">
            <TreatmentTypesPanel />
          </Tabs.Panel>
          <Tabs.Panel value="products" pt="md">
            <ProductsPanel />
          </Tabs.Panel>
          <Tabs.Panel value="devices" pt="md">
            <DevicesPanel />
          </Tabs.Panel>
          <Tabs.Panel value="intake-forms" pt="md">
            <IntakeTemplatesPanel />
          </Tabs.Panel>
          <Tabs.Panel value="shop" pt="md">
            <ShopSettingsPanel />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </OwnerOnly>
  );
}
