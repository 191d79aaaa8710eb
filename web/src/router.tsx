import { createBrowserRouter } from 'react-router';
import { HomePage } from './public/home-page';
import { PublicLayout } from './public/public-layout';
import { NotFoundPage } from './shared/not-found-page';
import { RouteErrorPage } from './shared/route-error-page';
import { SignInPage } from './staff/sign-in-page';
import { StaffHomePage } from './staff/staff-home-page';
import { StaffLayout } from './staff/staff-layout';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <PublicLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: '*', element: <NotFoundPage area="public" /> },
    ],
  },
  {
    path: '/app',
    element: <StaffLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <StaffHomePage /> },
      { path: 'login', element: <SignInPage /> },
      { path: '*', element: <NotFoundPage area="staff" /> },
    ],
  },
]);
