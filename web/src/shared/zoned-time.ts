// One implementation of summer and winter time for the server and the web app.
export { isoToWallClock, wallClockToIso } from '../../../src/platform/zoned-time';
