import QRCode from 'qrcode';

/**
 * The pairing QR as a PNG data URL for an `<img>` (the console's CSP allows `data:` images), from
 * the text Baileys received in `connection.update`. Medium error correction and a quiet zone of
 * four modules, as phone cameras expect.
 */
export function drawPairingQr(qr: string): Promise<string> {
  return QRCode.toDataURL(qr, { errorCorrectionLevel: 'M', margin: 4, width: 288 });
}
