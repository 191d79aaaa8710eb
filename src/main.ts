import { failAndExit } from './cli';
import { loadConfig } from './config';
import { startServer } from './server';

try {
  await startServer(loadConfig());
} catch (error) {
  failAndExit(error);
}
