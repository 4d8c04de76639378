import { apiFetch, toApiError } from '../api/client';

/**
 * Fetch a file and hand it to the browser as a download; a refusal (501 when the server has no
 * PDF converter) is thrown as the API's problem so the page can say why instead of opening JSON.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await apiFetch(url, { method: 'GET' });
  if (!response.ok) throw await toApiError(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const objectUrl = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = objectUrl;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The click has started the download; the URL can go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
}
