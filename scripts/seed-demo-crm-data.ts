import type { AttributeType } from '../contracts/attribute-definition';

/**
 * The demo CRM's fixed data (scripts/seed-demo-crm.ts writes it): attribute declarations, the
 * organisation, companies, catalogue, topics, leads and the opportunities' details.
 */

export const DEMO_TOPIC_CODES = { networkEquipment: 'network-equipment', newsletter: 'newsletter', offers: 'offers' } as const;

/**
 * Who takes the Offers topic (the demo's Welcome campaign mails it), by demo contact number
 * (1-based, in demoContacts() order): four in five subscribed, one in fifty of those
 * unsubscribed again, the rest never asked — so the demo shows contacts the campaign may not mail.
 */
export function offersSubscription(n: number): 'subscribed' | 'unsubscribed' | undefined {
  if (n % 5 === 0) return undefined;
  return n % 50 === 13 ? 'unsubscribed' : 'subscribed';
}

/**
 * A subscriber to Offers whose address is on the suppression list all the same (a hard bounce
 * last year): the campaign's audience holds them and generate refuses them, with the reason.
 */
export const DEMO_SUPPRESSED_CONTACT = 1;
export const DEMO_SUPPRESSION_NOTE = '550 5.1.1 Mailbox unavailable (demo data: bounced last year)';

/** Declarations of the keys the demo contacts carry. List options come from the data itself. */
export const ATTRIBUTES: { key: string; label: string; type: AttributeType }[] = [
  { key: 'age', label: 'Age', type: 'number' },
  { key: 'customerSince', label: 'Customer since (year)', type: 'number' },
  { key: 'decisionMaker', label: 'Decision maker', type: 'boolean' },
  { key: 'favouriteColour', label: 'Favourite colour', type: 'list' },
  { key: 'loyaltyTier', label: 'Loyalty tier', type: 'string' },
  { key: 'shoeSize', label: 'Shoe size (EU)', type: 'number' },
];

/** Stores by region; a contact belongs to the store of its country. */
export const STORES = [
  { code: 'UKI', name: 'London — UK & Ireland', countries: ['GB', 'IE'] },
  { code: 'CEE', name: 'Bucharest — Central & Eastern Europe', countries: ['RO', 'SI', 'HU'] },
  { code: 'ITA', name: 'Milan — Italy', countries: ['IT'] },
  { code: 'IBE', name: 'Madrid — Iberia', countries: ['ES'] },
];

export const TEAMS = [
  { name: 'Marketing', store: null },
  { name: 'Sales UK & Ireland', store: 'UKI' },
  { name: 'Call centre', store: 'CEE' },
  { name: 'Sales Italy', store: 'ITA' },
  { name: 'Sales Iberia', store: 'IBE' },
];

/** The first agent (by e-mail) of a store owns its companies and business contacts. */
export const USERS = [
  { email: 'elena.marin@example.org', name: 'Elena Marin', role: 'admin', team: null, store: null },
  { email: 'sophie.clarke@example.org', name: 'Sophie Clarke', role: 'designer', team: 'Marketing', store: null },
  { email: 'tom.bradley@example.org', name: 'Tom Bradley', role: 'budget_owner', team: 'Marketing', store: null },
  { email: 'james.walker@example.org', name: 'James Walker', role: 'agent', team: 'Sales UK & Ireland', store: 'UKI' },
  { email: 'andrei.popa@example.org', name: 'Andrei Popa', role: 'agent', team: 'Call centre', store: 'CEE' },
  { email: 'ioana.stan@example.org', name: 'Ioana Stan', role: 'agent', team: 'Call centre', store: 'CEE' },
  { email: 'giulia.ferrari@example.org', name: 'Giulia Ferrari', role: 'agent', team: 'Sales Italy', store: 'ITA' },
  { email: 'javier.ruiz@example.org', name: 'Javier Ruiz', role: 'agent', team: 'Sales Iberia', store: 'IBE' },
];

/** Who ran the (demo) import that brought the consents in: the admin. */
export const IMPORTED_BY = USERS[0]!.name;

export type CompanyKind = 'client' | 'prospect' | 'partner' | 'competitor';
/** [name, country, city, industry]; every kind has companies in every country the contacts live in. */
export type CompanyRow = [name: string, country: string, city: string, industry: string];

export const COMPANIES: Record<CompanyKind, { prefix: string; rows: CompanyRow[] }> = {
  client: {
    prefix: 'CL',
    rows: [
      ['Northbridge Logistics', 'GB', 'Manchester', 'Logistics'],
      ['Thames Valley Dental Group', 'GB', 'London', 'Healthcare'],
      ['Pennine Print Works', 'GB', 'Leeds', 'Printing'],
      ['Harbourside Architects', 'GB', 'Bristol', 'Architecture'],
      ['Caledonian Data Services', 'GB', 'Edinburgh', 'IT services'],
      ['Kensington Boutique Hotels', 'GB', 'London', 'Hospitality'],
      ['Liffey Accountancy Partners', 'IE', 'Dublin', 'Accounting'],
      ['Cork Harbour Marine', 'IE', 'Cork', 'Marine supplies'],
      ['Emerald Pharmacy Group', 'IE', 'Dublin', 'Retail pharmacy'],
      ['Carpathia Foods', 'RO', 'Cluj-Napoca', 'Food production'],
      ['Banat Auto Parts', 'RO', 'Timișoara', 'Automotive'],
      ['Clinica Sfânta Maria', 'RO', 'București', 'Healthcare'],
      ['Alpska Mlekarna', 'SI', 'Celje', 'Food production'],
      ['Ljubljana Tech Park', 'SI', 'Ljubljana', 'Real estate'],
      ['Pannonia Agro Kft.', 'HU', 'Debrecen', 'Agriculture'],
      ['Duna Logisztika Zrt.', 'HU', 'Budapest', 'Logistics'],
      ['Tessuti Lombardi S.p.A.', 'IT', 'Milano', 'Textiles'],
      ['Cantine Emiliane', 'IT', 'Bologna', 'Wine'],
      ['Iberia Solar S.L.', 'ES', 'Valencia', 'Energy'],
      ['Clínicas Giralda', 'ES', 'Sevilla', 'Healthcare'],
    ],
  },
  prospect: {
    prefix: 'PR',
    rows: [
      ['Meridian Legal LLP', 'GB', 'London', 'Legal'],
      ['Moorland Schools Trust', 'GB', 'Leeds', 'Education'],
      ['Quayside Studios', 'GB', 'Bristol', 'Media'],
      ['Forth Valley Engineering', 'GB', 'Edinburgh', 'Engineering'],
      ['Irwell Home Care', 'GB', 'Manchester', 'Care services'],
      ['Shannon Software', 'IE', 'Dublin', 'Software'],
      ['Blarney Woollen Mills', 'IE', 'Cork', 'Retail'],
      ['Dublin Bay Physio', 'IE', 'Dublin', 'Healthcare'],
      ['Delta Build Construct', 'RO', 'București', 'Construction'],
      ['Iași Medical Lab', 'RO', 'Iași', 'Laboratory'],
      ['Transilvania Hotels', 'RO', 'Cluj-Napoca', 'Hospitality'],
      ['Mariborska Vina', 'SI', 'Maribor', 'Wine'],
      ['Koper Port Services', 'SI', 'Koper', 'Logistics'],
      ['Szeged Biotech Kft.', 'HU', 'Szeged', 'Biotech'],
      ['Pécsi Nyomda', 'HU', 'Pécs', 'Printing'],
      ['Torino Robotics S.r.l.', 'IT', 'Torino', 'Manufacturing'],
      ['Studio Legale Romano', 'IT', 'Roma', 'Legal'],
      ['Madrid Coworking Central', 'ES', 'Madrid', 'Real estate'],
    ],
  },
  partner: {
    prefix: 'PA',
    rows: [
      ['CableRight Installations', 'GB', 'Manchester', 'Cabling'],
      ['Netwise Integrators', 'GB', 'London', 'System integration'],
      ['Brightwire Electrical', 'GB', 'Leeds', 'Electrical contracting'],
      ['ScotNet Support', 'GB', 'Edinburgh', 'IT support'],
      ['Celtic IT Solutions', 'IE', 'Cork', 'IT support'],
      ['Dublin Fibre Works', 'IE', 'Dublin', 'Cabling'],
      ['Softnet Integrare', 'RO', 'București', 'System integration'],
      ['Cluj Cabling Team', 'RO', 'Cluj-Napoca', 'Cabling'],
      ['West Data Service', 'RO', 'Timișoara', 'IT support'],
      ['Omrežja Plus', 'SI', 'Ljubljana', 'System integration'],
      ['Štajerska IT', 'SI', 'Maribor', 'IT support'],
      ['Hálózat Partner Kft.', 'HU', 'Budapest', 'System integration'],
      ['Debreceni Rendszerház', 'HU', 'Debrecen', 'IT support'],
      ['Reti Napoli S.r.l.', 'IT', 'Napoli', 'Cabling'],
      ['Sistemi Bologna', 'IT', 'Bologna', 'System integration'],
      ['Redes Levante', 'ES', 'Valencia', 'Cabling'],
    ],
  },
  competitor: {
    prefix: 'CO',
    rows: [
      ['NetSupply Direct', 'GB', 'London', 'Distribution'],
      ['Albion Networks', 'GB', 'Manchester', 'Distribution'],
      ['SwitchHub UK', 'GB', 'Bristol', 'Online retail'],
      ['Tartan Telecom', 'GB', 'Edinburgh', 'Telecom'],
      ['Green Isle Networks', 'IE', 'Dublin', 'Distribution'],
      ['Munster Tech Wholesale', 'IE', 'Cork', 'Distribution'],
      ['RoNet Distribuție', 'RO', 'București', 'Distribution'],
      ['Ardeal Tech', 'RO', 'Cluj-Napoca', 'Retail'],
      ['Povezava d.o.o.', 'SI', 'Ljubljana', 'Distribution'],
      ['Celje Computers', 'SI', 'Celje', 'Retail'],
      ['Magyar Hálózat Zrt.', 'HU', 'Budapest', 'Distribution'],
      ['Szegedi Számítástechnika', 'HU', 'Szeged', 'Retail'],
      ['Connettività Italia', 'IT', 'Milano', 'Distribution'],
      ['Roma Net Store', 'IT', 'Roma', 'Retail'],
      ['Conecta Ibérica', 'ES', 'Madrid', 'Distribution'],
    ],
  },
};

export const DIALLING_CODES: Record<string, string> = { GB: '+44', IE: '+353', RO: '+40', SI: '+386', HU: '+36', IT: '+39', ES: '+34' };

/** A mobile number of each country after its dialling code: the leading digits and the national length (GB 7xxx xxxxxx). */
export const MOBILE_NUMBERS: Record<string, { lead: string; digits: number }> = {
  GB: { lead: '7', digits: 10 },
  IE: { lead: '8', digits: 9 },
  RO: { lead: '7', digits: 9 },
  SI: { lead: '41', digits: 8 },
  HU: { lead: '30', digits: 9 },
  IT: { lead: '3', digits: 10 },
  ES: { lead: '6', digits: 9 },
};

/**
 * The catalogue, with this year's list price and how many a business (`b2b`) or a private
 * customer (`retail`, 0 = not sold to them) typically takes in one order line.
 */
export const PRODUCTS = [
  { code: 'SW-24', name: '24-port managed switch', kind: 'product', family: 'network', unit: 'pcs', costAccount: '371.1', price: 289, b2b: 6, retail: 1 },
  { code: 'SW-48P', name: '48-port PoE+ switch', kind: 'product', family: 'network', unit: 'pcs', costAccount: '371.1', price: 749, b2b: 3, retail: 0 },
  { code: 'RT-500', name: 'Business router', kind: 'product', family: 'network', unit: 'pcs', costAccount: '371.1', price: 459, b2b: 2, retail: 1 },
  { code: 'AP-W6', name: 'Wi-Fi 6 access point', kind: 'product', family: 'network', unit: 'pcs', costAccount: '371.2', price: 169, b2b: 12, retail: 2 },
  { code: 'FW-100', name: 'Firewall appliance', kind: 'product', family: 'security', unit: 'pcs', costAccount: '371.4', price: 990, b2b: 1, retail: 0 },
  { code: 'CAB-C6-5', name: 'Cat6 patch cable, 5 m', kind: 'product', family: 'cabling', unit: 'pcs', costAccount: '371.3', price: 6.9, b2b: 40, retail: 6 },
  { code: 'NAS-4', name: '4-bay network storage', kind: 'product', family: 'storage', unit: 'pcs', costAccount: '371.5', price: 529, b2b: 2, retail: 1 },
  { code: 'UPS-1500', name: 'UPS 1500 VA', kind: 'product', family: 'power', unit: 'pcs', costAccount: '371.6', price: 329, b2b: 3, retail: 1 },
  { code: 'LIC-MON', name: 'Network monitoring licence, 1 year', kind: 'product', family: 'software', unit: 'licence', costAccount: '371.7', price: 420, b2b: 1, retail: 0 },
  { code: 'SRV-INST', name: 'On-site installation', kind: 'service', family: 'services', unit: 'h', costAccount: '704.1', price: 65, b2b: 16, retail: 2 },
  { code: 'SRV-CARE', name: 'Support contract, 1 year', kind: 'service', family: 'services', unit: 'year', costAccount: '704.2', price: 540, b2b: 1, retail: 0 },
  { code: 'KIT-OFFICE', name: 'Small-office network kit', kind: 'bundle', family: 'network', unit: 'kit', costAccount: '371.9', price: 899, b2b: 2, retail: 1 },
];

/** The bundle's components, each booked to its own cost account. */
export const KIT_COMPONENTS = [
  { code: 'SW-24', quantity: 1, costAccount: '371.1' },
  { code: 'AP-W6', quantity: 2, costAccount: '371.2' },
  { code: 'CAB-C6-5', quantity: 10, costAccount: '371.3' },
  { code: 'SRV-INST', quantity: 4, costAccount: '704.1' },
];

export const TOPICS = [
  {
    code: DEMO_TOPIC_CODES.networkEquipment,
    name: 'Network equipment',
    description: 'Offers on switches, routers, Wi-Fi and installation',
    textShown: 'Yes, e-mail me offers on network equipment (switches, routers, Wi-Fi). I can unsubscribe at any time.',
  },
  {
    code: DEMO_TOPIC_CODES.newsletter,
    name: 'Newsletter',
    description: 'News, guides and events, once a month',
    textShown: 'Yes, send me the monthly newsletter by e-mail. I can unsubscribe at any time.',
  },
  {
    code: DEMO_TOPIC_CODES.offers,
    name: 'Offers',
    description: 'Promotions and welcome offers on our products',
    textShown: 'Yes, e-mail me your offers and promotions. I can unsubscribe at any time.',
  },
];

export const LEADS = [
  {
    email: 'charlotte.hughes@riverside-vets.example',
    firstName: 'Charlotte',
    lastName: 'Hughes',
    phone: '+441632960018',
    companyName: 'Riverside Veterinary Group',
    position: 'Practice manager',
    gender: 'female',
    language: 'en',
    source: 'trade fair',
    notes: 'Met at the Networks Expo stand. Three practices; wants guest Wi-Fi kept apart from the clinic network.',
    status: 'open',
    owner: 'james.walker@example.org',
    daysAgo: 16,
  },
  {
    email: 'mihai.dobre@dobre-construct.example',
    firstName: 'Mihai',
    lastName: 'Dobre',
    phone: '+40723000417',
    companyName: 'Dobre Construct SRL',
    position: 'Director general',
    gender: 'male',
    language: 'ro',
    source: 'business card',
    notes: 'New site office in Constanța from March: needs a router, a switch and Wi-Fi for 20 people.',
    status: 'open',
    owner: 'andrei.popa@example.org',
    daysAgo: 9,
  },
  {
    email: 'lena.kranjc@example.net',
    firstName: 'Lena',
    lastName: 'Kranjc',
    phone: null,
    companyName: null,
    position: null,
    gender: 'female',
    language: 'sl',
    source: 'newsletter',
    notes: 'Signed up for the newsletter from the website; asked about a NAS for a home office.',
    status: 'open',
    owner: 'ioana.stan@example.org',
    daysAgo: 4,
  },
  {
    email: 'paolo.conti@example.net',
    firstName: 'Paolo',
    lastName: 'Conti',
    phone: null,
    companyName: null,
    position: null,
    gender: 'male',
    language: 'it',
    source: 'website',
    notes: 'Student project questionnaire, no purchase intent.',
    status: 'discarded',
    owner: 'giulia.ferrari@example.org',
    daysAgo: 30,
  },
];

export const LEAD_ACTIVITIES = [
  { lead: 'charlotte.hughes@riverside-vets.example', kind: 'meeting_note', body: 'Walked the main practice: 2 floors, old unmanaged switch in the store room, no cabling plan.', author: 'James Walker', daysAgo: 12, dueInDays: null },
  { lead: 'charlotte.hughes@riverside-vets.example', kind: 'quote', body: 'Quote Q-2026-041: 3 × Small-office network kit, installation included.', author: 'James Walker', daysAgo: 6, dueInDays: null },
  { lead: 'charlotte.hughes@riverside-vets.example', kind: 'reminder', body: 'Call back about the quote before their board meets.', author: 'James Walker', daysAgo: 6, dueInDays: 2 },
  { lead: 'mihai.dobre@dobre-construct.example', kind: 'note', body: 'Prefers phone calls in the morning; Romanian please.', author: 'Andrei Popa', daysAgo: 9, dueInDays: null },
  { lead: 'mihai.dobre@dobre-construct.example', kind: 'reminder', body: 'Send the site-office bundle offer.', author: 'Andrei Popa', daysAgo: 8, dueInDays: 5 },
  { lead: 'lena.kranjc@example.net', kind: 'note', body: 'Interested in NAS-4; send the storage guide.', author: 'Ioana Stan', daysAgo: 3, dueInDays: null },
];

/** The open opportunity's products (list prices), and what the salespeople know of its competitors. */
export const OPEN_OPPORTUNITY_PRODUCTS = [
  { code: 'SW-48P', quantity: 2 },
  { code: 'AP-W6', quantity: 10 },
  { code: 'FW-100', quantity: 1 },
  { code: 'SRV-INST', quantity: 24 },
];
export const OPEN_OPPORTUNITY_COMPETITORS = [
  { strengths: 'Lower list prices; stock in a local warehouse', weaknesses: 'No installation team; support by e-mail only' },
  { strengths: 'Already supplies their printers', weaknesses: 'Older Wi-Fi 5 range; three-week delivery' },
];
export const OPEN_OPPORTUNITY_COMMENTS = [
  { author: 'james.walker@example.org', body: 'Site survey done: the warehouse needs 6 access points, the office 4.', afterDays: 2 },
  { author: 'elena.marin@example.org', body: 'We can match the competitor on the switches if they take the support contract.', afterDays: 7 },
  { author: 'james.walker@example.org', body: 'Proposal sent; decision expected at the end of the month.', afterDays: 11 },
];

/** Timeline events, on every `every`-th contact (offset `at`), `days` (+ a little) ago. */
export const CONTACT_EVENTS = [
  { kind: 'call', title: 'Courtesy call after delivery', body: 'Happy with the installation; asked about a second access point for the meeting room.', every: 20, at: 0, days: 12 },
  { kind: 'visit', title: 'Visited the store', body: 'Looked at UPS units and took the brochure.', every: 30, at: 7, days: 40 },
  { kind: 'note', title: 'Prefers e-mail to phone calls', body: null, every: 45, at: 11, days: 90 },
];
