// Svenska: every text of the customer's widgets, pointing and remote control included. A
// language is this one file: the build turns it into /sdk/lang/sv.js, loaded only by pages
// whose visitors get Swedish. A company's own wording (site settings) still goes on top.
import type { Texts } from '../options';

const sv: Required<Texts> = {
  launcher: 'Kod för samsurfning',
  codeLabel: 'Kod',
  start: 'Starta',
  consentTitle: 'Vill du samsurfa?',
  consentBody: '{agent} vill se den här sidan tillsammans med dig. Lösenord och dolda fält visas inte.',
  yes: 'Ja',
  no: 'Nej',
  stop: 'Avsluta samsurfning',
  ended: 'Samsurfningen är avslutad.',
  redirectTitle: 'Du skickas vidare till en annan sida. Går det bra?',
  ok: 'OK',
  cancel: 'Avbryt',
  chat: 'Chatta med oss',
  callback: 'Ring upp mig',
  yourName: 'Ditt namn',
  message: 'Meddelande',
  phone: 'Telefonnummer',
  send: 'Skicka',
  requestCallback: 'Bli uppringd',
  callbackRequested: 'Tack! Vi ringer upp dig inom kort.',
  agentName: 'Kundtjänst',
  you: 'Du',
  handedOver: 'Du kopplas vidare till en annan handläggare.',
  controlling: '{agent} styr den här sidan',
  takeBack: 'Ta tillbaka kontrollen',
  askControlTitle: 'Får vi styra sidan åt dig?',
  askControlBody: '{agent} vill klicka och skriva på den här sidan åt dig. Du kan ta tillbaka kontrollen när du vill.',
  allow: 'Tillåt',
  deny: 'Neka',
  pointing: '{agent} pekar här',
  pointingAt: '{agent} pekar på: {target}',
  controlEnded: '{agent} styr inte längre den här sidan',
  typingHere: '{agent} skriver här',
  clearDrawing: 'Ta bort ritningen',
};

export default sv;
