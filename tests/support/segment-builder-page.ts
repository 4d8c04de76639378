import type { Locator, Page } from 'playwright-core';

/** A JSON call to the stack's API (`headers` carry its credentials: `bearer(stack.admin)`); throws with the answer's body on any non-2xx status. */
export async function requestJson<T>(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The text of a segment builder's live count once no newer count is on its way. */
export async function settledCount(region: Locator): Promise<string | null> {
  if ((await region.getAttribute('aria-busy')) === 'true') return null;
  return region.getByRole('status').textContent();
}

/** Add a condition to the builder's root group and pick its field; returns the new condition's row. */
export async function addCondition(page: Page, index: number, field: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add condition to rules' }).click();
  const row = page.getByRole('group', { name: `Condition ${index}`, exact: true });
  await row.getByLabel('Field', { exact: true }).selectOption({ label: field });
  return row;
}
