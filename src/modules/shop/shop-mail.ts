import { mollieAmount } from './mollie';

type Lang = 'nl' | 'en';
const euro = (cents: number) => `€ ${mollieAmount(cents).replace('.', ',')}`;

/** The order confirmation: what was bought, the invoice attached, the order page and the withdrawal link. */
export function orderConfirmationMail(input: {
  language: Lang;
  clinicName: string;
  number: string;
  lines: { name: string; quantity: number; totalCents: number }[];
  totalCents: number;
  orderLink: string;
  withdrawLink: string;
  confirmLink: string | null;
}): { subject: string; body: string } {
  const nl = input.language === 'nl';
  const lines = input.lines.map((l) => `- ${l.quantity} × ${l.name}: ${euro(l.totalCents)}`).join('\n');
  const confirm = input.confirmLink
    ? nl
      ? `\nHeeft u al een dossier bij ons? Bevestig dan via deze link dat deze bestelling bij u hoort:\n${input.confirmLink}\n`
      : `\nAre you already a client of ours? Confirm through this link that this order is yours:\n${input.confirmLink}\n`
    : '';
  return nl
    ? {
        subject: `Uw bestelling ${input.number} bij ${input.clinicName}`,
        body: `Bedankt voor uw bestelling ${input.number}.\n\n${lines}\nTotaal: ${euro(input.totalCents)}\n\nDe factuur zit als PDF bij deze e-mail.\nUw bestelling bekijken: ${input.orderLink}\n\nHerroepen / withdraw from the contract here: ${input.withdrawLink}\nU kunt binnen 14 dagen na ontvangst of afhalen herroepen.\n${confirm}\n${input.clinicName}`,
      }
    : {
        subject: `Your order ${input.number} at ${input.clinicName}`,
        body: `Thank you for your order ${input.number}.\n\n${lines}\nTotal: ${euro(input.totalCents)}\n\nThe invoice is attached as a PDF.\nYour order: ${input.orderLink}\n\nHerroepen / withdraw from the contract here: ${input.withdrawLink}\nYou may withdraw within 14 days of receiving or picking up the products.\n${confirm}\n${input.clinicName}`,
      };
}

/** The automatic receipt of a withdrawal (EU 2023/2673). */
export function withdrawalReceiptMail(input: {
  language: Lang;
  clinicName: string;
  number: string;
  receivedAt: Date;
  refundDeadline: Date;
  lines: { name: string; quantity: number }[];
}): { subject: string; body: string } {
  const nl = input.language === 'nl';
  const lines = input.lines.map((l) => `- ${l.quantity} × ${l.name}`).join('\n');
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return nl
    ? {
        subject: `Ontvangstbevestiging herroeping bestelling ${input.number}`,
        body: `Wij hebben uw herroeping ontvangen op ${input.receivedAt.toISOString()}.\n\n${lines}\n\nWij betalen uiterlijk ${day(input.refundDeadline)} terug.\n\n${input.clinicName}`,
      }
    : {
        subject: `Receipt of your withdrawal from order ${input.number}`,
        body: `We received your withdrawal on ${input.receivedAt.toISOString()}.\n\n${lines}\n\nWe refund you by ${day(input.refundDeadline)} at the latest.\n\n${input.clinicName}`,
      };
}
