import type { Tenant } from "../db/tenants.ts";
import { DEFAULT_BRANDING } from "../db/tenants.ts";
import type { onboardingFacts } from "../db/onboarding.ts";

export interface OnboardingStep {
  code: string;
  label: string;
  done: boolean;
  /** Where in the shop's admin the step is done; null while it is done through the API only. */
  path: string | null;
}

/**
 * A new shop's first hour, in the order it is best done: each step is done
 * when the data says so, never ticked by hand, so the list cannot drift from
 * what customers actually meet.
 */
export function onboardingSteps(tenant: Tenant, facts: Awaited<ReturnType<typeof onboardingFacts>>): OnboardingStep[] {
  const s = tenant.settings;
  return [
    {
      code: "business_details",
      label: "Enter your legal name, address and VAT ID (printed on every document)",
      done: !!(s.legal_name && s.legal_address?.length && s.vat_id),
      path: "/admin/business",
    },
    {
      code: "branding",
      label: "Add your logo and colours",
      done: !!tenant.branding.logo_url || tenant.branding.primary_color !== DEFAULT_BRANDING.primary_color,
      path: "/admin/branding",
    },
    {
      code: "price_book",
      label: "Publish your own price book: the processes, machines and materials you offer",
      done: facts.ownPriceBook,
      path: "/admin/catalog",
    },
    {
      code: "payments",
      label: "Connect Stripe so customers can pay by card (purchase orders work without it)",
      done: facts.stripe,
      path: "/admin/payments",
    },
    {
      code: "shipping_methods",
      label: "Set how customers get their parts: collection, flat rate or by weight",
      done: (s.shipping_methods?.length ?? 0) > 0,
      path: "/admin/shipping",
    },
    { code: "terms", label: "Write your terms of sale", done: !!s.quote_terms, path: "/admin/business" },
    { code: "invite_staff", label: "Invite a colleague", done: facts.colleague, path: "/admin/staff" },
    // The instant page's sample-part button; done once the shop's own staff have had a part priced there (a customer's upload is not the shop trying it).
    { code: "try_storefront", label: "Try your storefront with a sample part", done: facts.triedStorefront, path: "/instant#sample-part" },
  ];
}
