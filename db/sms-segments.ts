/**
 * How many segments an SMS is billed as. Operators bill per segment: a text in the GSM 03.38
 * alphabet fits 160 characters in one segment and 153 in each part of a longer one (the rest
 * carries the joining header); one character outside it sends the whole text as UCS-2, 70 in one
 * segment and 67 per part. The extension characters (€, [, ] …) take two GSM places.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('^{}\\[~]|€\f');

export function smsSegments(text: string): number {
  let septets = 0;
  for (const character of text) {
    if (GSM_BASIC.has(character)) septets += 1;
    else if (GSM_EXTENSION.has(character)) septets += 2;
    else return segmentsOf(text.length, 70, 67); // UTF-16 code units, as UCS-2 counts them
  }
  return segmentsOf(septets, 160, 153);
}

function segmentsOf(length: number, single: number, perPart: number): number {
  return length <= single ? 1 : Math.ceil(length / perPart);
}
