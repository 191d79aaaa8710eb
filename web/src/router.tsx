import { createBrowserRouter } from 'react-router';
import { BookingPage } from './agenda/booking/booking-page';
import { CancelBookingPage } from './agenda/booking/cancel-page';
import { ConfirmBookingPage } from './agenda/booking/confirm-page';
import { RescheduleBookingPage } from './agenda/booking/reschedule-page';
import { AgendaPage } from './agenda/staff/agenda-page';
import { SchedulePage } from './agenda/staff/schedule-page';
import { PublicIntakePage } from './intake/public-intake-page';
import { IncidentReportPage } from './privacy/public/incident-report-page';
import { PrivacyPortalPage } from './privacy/public/privacy-portal-page';
import { PrivacyStatementPage } from './privacy/public/privacy-statement-page';
import { PrivacyPage } from './privacy/staff/privacy-page';
import { HomePage } from './public/home-page';
import { PublicLayout } from './public/public-layout';
import { NotFoundPage } from './shared/not-found-page';
import { RouteErrorPage } from './shared/route-error-page';
import { CartPage } from './shop/cart-page';
import { CheckoutPage } from './shop/checkout-page';
import { ShopConfirmPage } from './shop/confirm-page';
import { OrderPage } from './shop/order-page';
import { ShopPage } from './shop/shop-page';
import { OrderDetailPage } from './shop/staff/order-detail-page';
import { OrdersPage } from './shop/staff/orders-page';
import { StockPage } from './shop/staff/stock-page';
import { WithdrawPage } from './shop/withdraw-page';
import { AccountPage } from './staff/account/account-page';
import { AuditPage } from './staff/audit/audit-page';
import { CataloguePage } from './staff/catalogue/catalogue-page';
import { ClientPage } from './staff/clients/client-page';
import { ClientsPage } from './staff/clients/clients-page';
import { InsightsPage } from './staff/home/insights-page';
import { StartPage } from './staff/home/start-page';
import { InvitationPage } from './staff/invitation/invitation-page';
import { InvoicesPage } from './staff/invoices/invoices-page';
import { LocationsPage } from './staff/locations/locations-page';
import { OutboxPage } from './staff/outbox/outbox-page';
import { ResourcesPage } from './staff/resources/resources-page';
import { RequireSession } from './staff/session/require-session';
import { SetupPage } from './staff/setup/setup-page';
import { EnrolmentPage } from './staff/sign-in/enrolment-page';
import { SecondFactorPage } from './staff/sign-in/second-factor-page';
import { SignInPage } from './staff/sign-in/sign-in-page';
import { StaffLayout } from './staff/staff-layout';
import { TeamPage } from './staff/team/team-page';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <PublicLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'intake', element: <PublicIntakePage /> },
      { path: 'book', element: <BookingPage /> },
      { path: 'book/cancel', element: <CancelBookingPage /> },
      { path: 'book/confirm', element: <ConfirmBookingPage /> },
      { path: 'book/reschedule', element: <RescheduleBookingPage /> },
      { path: 'privacy', element: <PrivacyStatementPage /> },
      { path: 'privacy/report', element: <IncidentReportPage /> },
      { path: 'privacy-portal', element: <PrivacyPortalPage /> },
      { path: 'shop', element: <ShopPage /> },
      { path: 'shop/cart', element: <CartPage /> },
      { path: 'shop/checkout', element: <CheckoutPage /> },
      { path: 'shop/order', element: <OrderPage /> },
      { path: 'shop/withdraw', element: <WithdrawPage /> },
      { path: 'shop/confirm', element: <ShopConfirmPage /> },
      { path: '*', element: <NotFoundPage area="public" /> },
    ],
  },
  {
    path: '/app',
    element: <StaffLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      // Before sign-in: no staff data on these pages.
      { path: 'setup', element: <SetupPage /> },
      { path: 'login', element: <SignInPage /> },
      { path: 'login/code', element: <SecondFactorPage /> },
      { path: 'enrol', element: <EnrolmentPage /> },
      { path: 'invitation', element: <InvitationPage /> },
      {
        // Everything else asks the server for a signed-in session first.
        element: <RequireSession />,
        children: [
          { index: true, element: <StartPage /> },
          { path: 'team', element: <TeamPage /> },
          { path: 'clients', element: <ClientsPage /> },
          { path: 'clients/:clientId', element: <ClientPage /> },
          { path: 'agenda', element: <AgendaPage /> },
          { path: 'agenda/schedule', element: <SchedulePage /> },
          { path: 'catalogue', element: <CataloguePage /> },
          { path: 'locations', element: <LocationsPage /> },
          { path: 'resources', element: <ResourcesPage /> },
          { path: 'invoices', element: <InvoicesPage /> },
          { path: 'orders', element: <OrdersPage /> },
          { path: 'orders/:orderId', element: <OrderDetailPage /> },
          { path: 'stock', element: <StockPage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'outbox', element: <OutboxPage /> },
          { path: 'insights', element: <InsightsPage /> },
          { path: 'privacy', element: <PrivacyPage /> },
          { path: 'account', element: <AccountPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage area="staff" /> },
    ],
  },
]);
