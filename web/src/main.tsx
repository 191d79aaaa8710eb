import '@mantine/core/styles.css';
import './shared/global.css';
import './shared/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';

// A page restored from the back/forward cache would show what it showed before sign-out, without
// asking the server. Hide it and load it again, so the staff area checks the session first.
window.addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  document.documentElement.hidden = true;
  window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing in index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
