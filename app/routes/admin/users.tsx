import { Link } from "react-router";
import { Pager } from "../../components/Pager.tsx";
import type { Route } from "./+types/users";
import { PageTitle } from "../../components/PageTitle.tsx";
import { errorPage, callApi } from "../../api/client.ts";
import { useFormat } from "../../format/use-format.ts";
import { requireAdmin } from "../../lib/session.server.ts";
import { roleLabel } from "../../../shared/access.ts";

interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  created_at: string | null;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const cursor = new URL(request.url).searchParams.get("cursor");
  const query = new URLSearchParams({ limit: "50", ...(cursor ? { cursor } : {}) });
  const result = await callApi<User[]>({ request, context }, `/users?${query}`);
  if (!result.ok) throw errorPage(result);
  return { users: result.data, nextCursor: result.pagination?.next_cursor ?? null, paged: cursor !== null };
}

export default function Users({ loaderData }: Route.ComponentProps) {
  const { day } = useFormat();
  const { users, nextCursor, paged } = loaderData;
  return (
    <section aria-labelledby="users-title">
      <PageTitle>Users</PageTitle>
      <h2 id="users-title">Users</h2>
      <p className="section-intro">
        Staff and customer accounts of this shop. Invite colleagues and change their roles under <Link to="/admin/staff">Staff</Link>.
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row" data-label="Name">
                {u.name}
              </th>
              <td data-label="E-mail">{u.email}</td>
              <td data-label="Role">
                <span className={`badge badge-${u.role.startsWith("customer") ? "neutral" : "brand"}`}>{roleLabel(u.role)}</span>
              </td>
              <td data-label="Joined">{day(u.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="Pages of users" path="/admin" nextCursor={nextCursor} paged={paged} first="First page" next="Next page" />
    </section>
  );
}
