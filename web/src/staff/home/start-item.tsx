import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** One section of the start page: a heading and its items, or a calm line when there is nothing. */
export function StartSection({
  title,
  empty,
  children,
  testId,
}: {
  title: string;
  empty?: string;
  children: ReactNode[];
  testId: string;
}) {
  return (
    <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" withBorder data-testid={testId}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children.length === 0 ? (
          <Text c="dimmed" size="sm">
            {empty}
          </Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {children}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** One thing to do: what, when, and a link to where it is handled. */
export function StartItem({
  to,
  label,
  detail,
  badge,
  badgeColor = 'gray',
  children,
}: {
  to: string;
  label: string;
  detail?: string;
  badge?: string;
  badgeColor?: string;
  children?: ReactNode;
}) {
  return (
    <li>
      <Stack gap={2}>
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Anchor component={Link} to={to} fw={600}>
            {label}
          </Anchor>
          {badge && (
            <Badge color={badgeColor} variant="light" tt="none">
              {badge}
            </Badge>
          )}
        </Group>
        {detail && (
          <Text size="sm" c="dimmed">
            {detail}
          </Text>
        )}
        {children}
      </Stack>
    </li>
  );
}
