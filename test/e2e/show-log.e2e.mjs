import { test } from './helpers.mjs';

test('show log', async (wb) => {
  await wb.runCommand('Usage Explorer: Show Log');
  await wb.expectNoErrorNotification();
});
