import { notFound } from "next/navigation";

// Unknown addresses of a signed-in user render the same not-found page, inside the same shell, as
// admin-only pages typed by a customer: neither reveals more than the other.
export default function MissingPage() {
  notFound();
}
