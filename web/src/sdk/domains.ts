// Whether a URL lies inside the company's domains (a domain covers its subdomains, any port),
// by the same rule as the server's origin check.
export function insideDomains(url: string, base: string, domains: string[]): boolean {
  let host: string;
  try {
    const u = new URL(url, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return true; // mailto:, tel:, javascript: do not leave
    host = u.hostname.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  } catch {
    return true;
  }
  return domains.some((d) => host === d || host.endsWith('.' + d));
}
