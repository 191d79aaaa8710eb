import { Alert, Button, Checkbox, Group, Stack, TagsInput, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import type { Device } from './catalogue-query';

interface DeviceFormProps {
  device?: Device;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}

/** A device and the names of its settings; a report then asks one value per setting. */
export function DeviceForm({ device, pending, error, onSubmit, onCancel }: DeviceFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(device?.name ?? '');
  const [settings, setSettings] = useState<string[]>(device?.settings ?? []);
  const [active, setActive] = useState(device?.active ?? true);
  const [nameMissing, setNameMissing] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNameMissing(name.trim() === '');
    if (name.trim() === '') return;
    onSubmit({ name: name.trim(), settings, ...(device ? { active } : {}) });
  }

  const settingsError =
    fieldErrorText(t, error, 'settings') ??
    settings.map((_, i) => fieldErrorText(t, error, `settings.${i}`)).find(Boolean);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" title={t('catalogue.saveFailed')}>
            {namesAnyField(error, ['name', 'settings', 'active', ...settings.map((_, i) => `settings.${i}`)])
              ? t('clients.checkFields')
              : t(requestErrorKey(error))}
          </Alert>
        )}
        <TextInput
          label={t('catalogue.name')}
          required
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={nameMissing ? t('fieldError.required') : fieldErrorText(t, error, 'name')}
        />
        <TagsInput
          label={t('catalogue.settings')}
          description={t('catalogue.settingsDescription')}
          placeholder={t('catalogue.settingsPlaceholder')}
          value={settings}
          onChange={setSettings}
          acceptValueOnBlur
          splitChars={[';']}
          maxTags={50}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          error={settingsError}
        />
        {device && (
          <Checkbox
            label={t('catalogue.activeLabel')}
            description={t('catalogue.activeDescription')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={pending}>
            {t('catalogue.save')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
