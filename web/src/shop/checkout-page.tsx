import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Divider,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { useClinicName } from '../public/clinic-name';
import { fieldErrorText } from '../shared/field-errors';
import {
  emailAddress,
  type FieldProps,
  filledText,
  optionalText,
  REQUIRED,
  useSchemaForm,
} from '../shared/form';
import { useMoney } from '../shared/money';
import { requestErrorKey } from '../shared/request-error';
import { useCart } from './cart';
import classes from './shop.module.css';
import { ShopFrame } from './shop-frame';
import { postOrder, postQuote, SHOP_KEY, ShopError, useStatementConsent } from './shop-queries';
import type { Address, CartLine, Fulfilment, PaymentMethod, Quote, Shop } from './shop-types';

/** Where the clinic delivers (ISO 3166 codes, as the server takes them). */
const COUNTRIES = ['NL', 'BE', 'DE', 'LU'] as const;

const ADDRESS_FIELDS = ['street', 'houseNumber', 'postcode', 'city', 'country'] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];

const checkoutSchema = z
  .object({
    name: filledText(200),
    email: emailAddress,
    phone: filledText(40),
    fulfilment: z.enum(['pick_up', 'delivery'] satisfies Fulfilment[]),
    payment: z.enum(['online', 'at_pick_up'] satisfies PaymentMethod[]),
    street: optionalText(200),
    houseNumber: optionalText(20),
    postcode: optionalText(20),
    city: optionalText(100),
    country: z.string(),
    consent: z.boolean().refine((given) => given, 'shop:checkout.consentNeeded'),
    terms: z.boolean().refine((accepted) => accepted, 'shop:checkout.termsNeeded'),
  })
  // The address only for a delivery; said together with the other fields' problems.
  .superRefine(
    (values, context) => {
      if (values.fulfilment !== 'delivery') return;
      for (const field of ADDRESS_FIELDS) {
        if (String(values[field] ?? '').trim() === '') {
          context.addIssue({ code: 'custom', path: [field], message: REQUIRED });
        }
      }
    },
    { when: () => true },
  );
type Details = z.output<typeof checkoutSchema>;
type Field = keyof Details;

/** The form's fields in the page's order (the cursor goes to the first refused), and what the server calls them. */
const FIELD_ORDER = [
  'name',
  'email',
  'phone',
  'fulfilment',
  ...ADDRESS_FIELDS,
  'consent',
  'terms',
] as const satisfies readonly Field[];
const SERVER_NAMES: Record<(typeof FIELD_ORDER)[number], string[]> = {
  name: ['name'],
  email: ['email'],
  phone: ['phone'],
  fulfilment: ['fulfilment', 'payment'],
  street: ['address.street', 'address'],
  houseNumber: ['address.houseNumber'],
  postcode: ['address.postcode'],
  city: ['address.city'],
  country: ['address.country'],
  consent: ['consent', 'consent.accepted', 'consent.statementVersion'],
  terms: ['termsAccepted'],
};

/** /shop/checkout: details, consent and terms → the server's overview → pay (or pay at pick-up). */
export function CheckoutPage() {
  const { t } = useTranslation('shop');
  const clinic = useClinicName();
  useDocumentTitle(`${t('checkout.title')} · ${clinic}`);
  return (
    <Stack gap="lg" py="xl" maw={720} mx="auto">
      <Title order={1}>{t('checkout.title')}</Title>
      <ShopFrame>{(shop) => <Checkout shop={shop} />}</ShopFrame>
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper
      component="section"
      p={{ base: 'md', sm: 'lg' }}
      radius="lg"
      className={classes.section}
      aria-labelledby={id}
    >
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Checkout({ shop }: { shop: Shop }) {
  const { t, i18n } = useTranslation('shop');
  const { t: common } = useTranslation();
  const cart = useCart();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const money = useMoney();
  const [quote, setQuote] = useState<Quote>();
  const [soldOut, setSoldOut] = useState<string[]>([]);
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLSelectElement | null>>>({});
  const overviewHeading = useRef<HTMLHeadingElement>(null);
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  const lines: CartLine[] = cart.lines.filter((line) => shop.products.some((p) => p.id === line.productId));

  // Out of stock: name the products, fetch what is available now and cap the cart at it.
  async function outOfStock(error: ShopError) {
    setSoldOut(error.productIds.map((id) => shop.products.find((product) => product.id === id)?.name ?? id));
    setQuote(undefined);
    await queryClient.invalidateQueries({ queryKey: SHOP_KEY });
    const fresh = queryClient.getQueryData<Shop | null>(SHOP_KEY);
    if (fresh) cart.reconcile(fresh.products);
  }

  const quoteMutation = useMutation({
    mutationFn: (details: Details) => postQuote(lines, details.fulfilment),
    onSuccess: (answer) => {
      setSoldOut([]);
      setQuote(answer);
    },
    onError: (error) => {
      if (error instanceof ShopError && error.outOfStock) void outOfStock(error);
    },
  });

  const order = useMutation({
    mutationFn: (details: Details) =>
      postOrder({
        lines,
        name: details.name,
        email: details.email,
        phone: details.phone,
        fulfilment: details.fulfilment,
        ...(details.fulfilment === 'delivery'
          ? {
              address: {
                street: details.street,
                houseNumber: details.houseNumber,
                postcode: details.postcode,
                city: details.city,
                country: details.country.trim() || 'NL',
              } satisfies Address,
            }
          : {}),
        payment: details.fulfilment === 'delivery' ? 'online' : details.payment,
        consent: { statementVersion: Number(shop.statementVersion), accepted: true },
        termsAccepted: true,
        language,
      }),
    onSuccess: (placed) => {
      cart.clear();
      if (placed.checkoutUrl) {
        window.location.assign(placed.checkoutUrl);
        return;
      }
      void navigate(`/shop/order#token=${placed.token}`);
    },
    onError: (error) => {
      if (error instanceof ShopError && error.outOfStock) void outOfStock(error);
      // The server named a field: back to the form, where it shows.
      if (error instanceof ShopError && error.status === 400) setQuote(undefined);
    },
  });

  const serverError = order.error ?? quoteMutation.error;
  const { form, field, onSubmit } = useSchemaForm(
    checkoutSchema,
    {
      name: '',
      email: '',
      phone: '',
      fulfilment: 'pick_up',
      payment: shop.onlinePayment ? 'online' : 'at_pick_up',
      street: '',
      houseNumber: '',
      postcode: '',
      city: '',
      country: 'NL',
      consent: false,
      terms: false,
    },
    serverError,
  );
  const details = form.getValues();
  const focusFirst = (fields: readonly string[]) =>
    refs.current[FIELD_ORDER.find((name) => fields.includes(name)) ?? 'name']?.focus();
  // The server may name a part (consent.accepted) or the whole (address) of what the form shows.
  const serverNamed = (name: (typeof FIELD_ORDER)[number]) =>
    SERVER_NAMES[name].some((apiName) => fieldErrorText(common, serverError, apiName) !== undefined);

  useEffect(() => {
    const first = FIELD_ORDER.find((name) =>
      SERVER_NAMES[name].some((apiName) => fieldErrorText(common, serverError, apiName) !== undefined),
    );
    if (first) refs.current[first]?.focus();
  }, [serverError, common]);

  useEffect(() => {
    if (quote) overviewHeading.current?.focus();
  }, [quote]);

  if (lines.length === 0 && !order.isSuccess) {
    return (
      <Stack gap="md">
        {soldOut.length > 0 && <SoldOutAlert names={soldOut} />}
        <Text>{t('cart.empty')}</Text>
        <div>
          <Button component={Link} to="/shop" variant="light">
            {t('cart.toShop')}
          </Button>
        </div>
      </Stack>
    );
  }

  /** An input's props, its ref for the cursor, and a changed detail voids the overview. */
  const input = (name: (typeof FIELD_ORDER)[number], options: { checkbox?: boolean } = {}) => {
    const props = field(name, { apiField: SERVER_NAMES[name], ...options });
    return {
      ...props,
      ref: (element: HTMLInputElement | HTMLSelectElement | null) => {
        refs.current[name] = element;
      },
      onChange: (event: unknown) => {
        props.onChange(event);
        if (!options.checkbox) setQuote(undefined);
      },
    };
  };
  const address = (name: AddressField) => input(name);

  const toOverview = onSubmit((values) => {
    order.reset();
    quoteMutation.mutate(values);
  }, focusFirst);

  const payOnline = details.fulfilment === 'delivery' || details.payment === 'online';
  const generalError =
    serverError &&
    !(serverError instanceof ShopError && (serverError.outOfStock || serverError.paymentUnavailable)) &&
    !FIELD_ORDER.some(serverNamed);

  return (
    <Stack gap="md">
      {soldOut.length > 0 && <SoldOutAlert names={soldOut} />}
      {serverError instanceof ShopError && serverError.paymentUnavailable && (
        <Alert color="orange" variant="light" role="alert" data-testid="payment-unavailable">
          {t('checkout.paymentUnavailable')}
        </Alert>
      )}
      {generalError && (
        <Alert color="red" variant="light" role="alert">
          {serverError instanceof ShopError && serverError.status === 400
            ? t('checkout.checkFields')
            : common(requestErrorKey(serverError))}
        </Alert>
      )}
      <form onSubmit={toOverview} noValidate aria-labelledby="checkout-details">
        <Stack gap="md">
          <Section id="checkout-details" title={t('checkout.details')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label={t('checkout.name')} required autoComplete="name" {...input('name')} />
              <TextInput
                label={t('checkout.email')}
                description={t('checkout.emailDescription')}
                required
                type="email"
                inputMode="email"
                autoComplete="email"
                {...input('email')}
              />
              <TextInput
                label={t('checkout.phone')}
                required
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                {...input('phone')}
              />
            </SimpleGrid>
          </Section>
          <Section id="checkout-fulfilment" title={t('checkout.fulfilment')}>
            <Stack gap="sm">
              <Radio.Group
                value={details.fulfilment}
                onChange={(value) => {
                  form.setFieldValue('fulfilment', value === 'delivery' ? 'delivery' : 'pick_up');
                  setQuote(undefined);
                }}
                label={t('checkout.fulfilmentQuestion')}
                error={field('fulfilment', { apiField: SERVER_NAMES.fulfilment }).error}
              >
                <Stack gap="xs" mt="xs">
                  <Radio
                    value="pick_up"
                    label={t('checkout.pickUp')}
                    description={t('checkout.pickUpText')}
                  />
                  {shop.onlinePayment && (
                    <Radio
                      value="delivery"
                      label={t('checkout.delivery')}
                      description={t('checkout.deliveryText', { price: money.format(shop.shippingCents) })}
                    />
                  )}
                </Stack>
              </Radio.Group>
              {details.fulfilment === 'delivery' && (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="address-fields">
                  <TextInput
                    label={t('checkout.street')}
                    required
                    autoComplete="address-line1"
                    {...address('street')}
                  />
                  <TextInput
                    label={t('checkout.houseNumber')}
                    required
                    autoComplete="address-line2"
                    {...address('houseNumber')}
                  />
                  <TextInput
                    label={t('checkout.postcode')}
                    required
                    autoComplete="postal-code"
                    {...address('postcode')}
                  />
                  <TextInput
                    label={t('checkout.city')}
                    required
                    autoComplete="address-level2"
                    {...address('city')}
                  />
                  <NativeSelect
                    label={t('checkout.country')}
                    required
                    autoComplete="country"
                    data={COUNTRIES.map((code) => ({ value: code, label: t(`checkout.countries.${code}`) }))}
                    {...address('country')}
                  />
                </SimpleGrid>
              )}
              {shop.onlinePayment && details.fulfilment === 'pick_up' && (
                <Radio.Group
                  value={details.payment}
                  onChange={(value) => {
                    form.setFieldValue('payment', value === 'at_pick_up' ? 'at_pick_up' : 'online');
                    setQuote(undefined);
                  }}
                  label={t('checkout.paymentQuestion')}
                >
                  <Stack gap="xs" mt="xs">
                    <Radio value="online" label={t('checkout.payIdeal')} />
                    <Radio value="at_pick_up" label={t('checkout.payAtPickUp')} />
                  </Stack>
                </Radio.Group>
              )}
              {!shop.onlinePayment && <Text size="sm">{t('checkout.onlyAtPickUp')}</Text>}
            </Stack>
          </Section>
          <Section id="checkout-agreements" title={t('checkout.agreements')}>
            <Stack gap="md">
              <ConsentCheckbox version={shop.statementVersion} {...input('consent', { checkbox: true })} />
              <Terms shop={shop} />
              <Checkbox label={t('checkout.termsAccept')} {...input('terms', { checkbox: true })} />
            </Stack>
          </Section>
          {!quote && (
            <Group justify="space-between">
              <Anchor component={Link} to="/shop/cart">
                {t('checkout.backToCart')}
              </Anchor>
              <Button type="submit" size="md" loading={quoteMutation.isPending} data-testid="to-overview">
                {t('checkout.toOverview')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      {quote && (
        <Paper
          component="section"
          p={{ base: 'md', sm: 'lg' }}
          radius="lg"
          className={classes.section}
          aria-labelledby="checkout-overview"
          data-testid="order-overview"
        >
          <Title order={2} size="h4" id="checkout-overview" mb="sm" ref={overviewHeading} tabIndex={-1}>
            {t('checkout.overview')}
          </Title>
          <QuoteTable quote={quote} />
          <Stack gap="sm" mt="md">
            <Text size="sm">
              {details.fulfilment === 'delivery'
                ? t('checkout.overviewDelivery')
                : payOnline
                  ? t('checkout.overviewPickUp')
                  : t('checkout.overviewPickUpPay')}
            </Text>
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => setQuote(undefined)}>
                {t('checkout.change')}
              </Button>
              <Button
                size="md"
                loading={order.isPending}
                onClick={() => onSubmit((values) => order.mutate(values), focusFirst)()}
                data-testid="place-order"
              >
                {payOnline ? t('checkout.payWithIdeal') : t('checkout.placePayAtPickUp')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

function SoldOutAlert({ names }: { names: string[] }) {
  const { t } = useTranslation('shop');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="orange"
      variant="light"
      role="alert"
      title={t('checkout.soldOutTitle')}
      data-testid="sold-out"
    >
      {t('checkout.soldOutText', { names: names.join(', ') })}
    </Alert>
  );
}

function ConsentCheckbox({
  version,
  ref,
  ...props
}: FieldProps & {
  version: string | number;
  ref: (element: HTMLInputElement | null) => void;
}) {
  const { t, i18n } = useTranslation('shop');
  const statement = useStatementConsent();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  const sentence = statement.data?.consentTexts.personal_data?.[language] ?? t('checkout.consentFallback');
  return (
    <Checkbox
      ref={ref}
      {...props}
      label={sentence}
      description={
        <>
          {t('checkout.statementVersion', { version })}{' '}
          <Anchor component={Link} to="/privacy" target="_blank" rel="noopener" size="sm">
            {t('checkout.readStatement')}
          </Anchor>
        </>
      }
      data-testid="shop-consent"
    />
  );
}

/** The terms the order is placed under, with the withdrawal right (and its hygiene exception). */
function Terms({ shop }: { shop: Shop }) {
  const { t } = useTranslation('shop');
  return (
    <Stack gap={6} data-testid="shop-terms">
      <Text fw={600}>{t('checkout.termsTitle')}</Text>
      <Text size="sm">{t('checkout.withdrawal', { days: shop.withdrawalDays })}</Text>
      {shop.hygieneSealExcluded && <Text size="sm">{t('checkout.hygieneExcluded')}</Text>}
      <Text size="sm">{t('checkout.withdrawalHow')}</Text>
    </Stack>
  );
}

export function QuoteTable({ quote }: { quote: Quote }) {
  const { t } = useTranslation('shop');
  const money = useMoney();
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table data-testid="quote">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('checkout.product')}</Table.Th>
            <Table.Th ta="right">{t('checkout.quantity')}</Table.Th>
            <Table.Th ta="right">{t('checkout.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {quote.lines.map((line) => (
            <Table.Tr key={line.productId}>
              <Table.Td>
                {line.name}
                <Text size="xs" c="dimmed">
                  {t('cart.each', { price: money.format(line.unitPriceCents) })}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{line.quantity}</Table.Td>
              <Table.Td ta="right">{money.format(line.totalCents)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td colSpan={2}>{t('checkout.shipping')}</Table.Td>
            <Table.Td ta="right">
              {quote.shippingCents === 0 ? t('checkout.free') : money.format(quote.shippingCents)}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th colSpan={2} scope="row">
              {t('checkout.total')}
            </Table.Th>
            <Table.Th ta="right" data-testid="quote-total">
              {money.format(quote.totalCents)}
            </Table.Th>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Divider my={4} />
      {quote.vat.map((vat) => (
        <Text key={vat.ratePercent} size="xs" c="dimmed">
          {t('checkout.vatLine', { rate: vat.ratePercent, amount: money.format(vat.vatCents) })}
        </Text>
      ))}
    </Table.ScrollContainer>
  );
}
