import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PhotoImage } from './photo-image';
import classes from './photos.module.css';

interface Props {
  clientId: string;
  beforeId: string;
  afterId: string;
}

/**
 * A before and an after photo side by side, or with a slider: the before photo on the left of the
 * border, the after photo on the right (as it reads, and as the side-by-side view shows them).
 */
export function PhotoComparison({ clientId, beforeId, afterId }: Props) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('photoComparison');
  const [mode, setMode] = useState<'side' | 'slider'>('side');
  const [split, setSplit] = useState(50);
  return (
    <Paper
      component="section"
      p="md"
      radius="md"
      withBorder
      aria-labelledby="comparison-title"
      data-testid="comparison"
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id="comparison-title">
            {t('photos.comparisonTitle')}
          </Title>
          <SegmentedControl
            aria-label={t('photos.comparisonMode')}
            value={mode}
            onChange={(value) => setMode(value === 'slider' ? 'slider' : 'side')}
            data={[
              { value: 'side', label: t('photos.sideBySide') },
              { value: 'slider', label: t('photos.slider') },
            ]}
          />
        </Group>
        {mode === 'side' ? (
          <SimpleGrid cols={2} spacing="sm">
            <figure className={classes.figure}>
              <PhotoImage
                clientId={clientId}
                photoId={beforeId}
                size="display"
                alt={t('photos.beforeAlt')}
                className={classes.photo}
              />
              <Text component="figcaption" size="sm" ta="center" mt={4}>
                {t('photos.before')}
              </Text>
            </figure>
            <figure className={classes.figure}>
              <PhotoImage
                clientId={clientId}
                photoId={afterId}
                size="display"
                alt={t('photos.afterAlt')}
                className={classes.photo}
              />
              <Text component="figcaption" size="sm" ta="center" mt={4}>
                {t('photos.after')}
              </Text>
            </figure>
          </SimpleGrid>
        ) : (
          <Stack gap="xs">
            <div className={classes.slider} style={{ '--split': `${split}%` } as CSSProperties}>
              <PhotoImage
                clientId={clientId}
                photoId={beforeId}
                size="display"
                alt={t('photos.beforeAlt')}
                className={classes.photo}
              />
              <PhotoImage
                clientId={clientId}
                photoId={afterId}
                size="display"
                alt={t('photos.afterAlt')}
                className={`${classes.photo} ${classes.after}`}
              />
              <div className={classes.divider} aria-hidden="true" />
              <span className={`${classes.tag} ${classes.tagBefore}`} aria-hidden="true">
                {t('photos.before')}
              </span>
              <span className={`${classes.tag} ${classes.tagAfter}`} aria-hidden="true">
                {t('photos.after')}
              </span>
            </div>
            <input
              type="range"
              className={classes.range}
              min={0}
              max={100}
              step={1}
              value={split}
              aria-label={tc('sliderLabel')}
              aria-valuetext={tc('sliderValue', { before: split, after: 100 - split })}
              onChange={(event) => setSplit(Number(event.currentTarget.value))}
            />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
