import { Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { InvoiceIcon, KeyIcon, Logo, LogOutIcon, MenuIcon, PlusIcon, PromptIcon, SettingsIcon, SparklesIcon, XIcon } from "../../components/icons.tsx";
import { cx } from "../../components/ui.tsx";
import { viewerQueryOptions } from "../../lib/viewer.ts";

export interface AppShellProps {
  /** Ends the session (the route supplies it: signing out is the auth feature's). */
  onSignOut: () => Promise<unknown>;
  signingOut: boolean;
}

export function AppShell({ onSignOut, signingOut }: AppShellProps) {
  const { data: viewer } = useQuery(viewerQueryOptions());
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  /** The page the menu was opened on: going to another page closes it. */
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === pathname;
  const setMenuOpen = (open: boolean) => setMenuOpenOn(open ? pathname : null);

  const handleSignOut = async () => {
    try {
      await onSignOut();
    } finally {
      await navigate({ to: "/sign-in", search: {} });
    }
  };

  const name = viewer?.displayName || viewer?.businessName || viewer?.email || "";
  const initials = name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");

  return (
    <div className={cx("shell", menuOpen && "menu-open")}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/invoices" className="brand">
          <Logo />
          <span>Invobi</span>
        </Link>
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          aria-label={menuOpen ? "Close menu" : "Open menu"}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {menuOpen ? <XIcon /> : <MenuIcon />}
        </button>
      </header>
      <aside className="sidebar" id="sidebar">
        <Link to="/invoices" className="brand sidebar-brand">
          <Logo />
          <span>Invobi</span>
        </Link>
        <div className="sidebar-actions">
          <Link to="/invoices/generate" className="btn btn-primary btn-block sidebar-cta">
            <SparklesIcon /> Generate from words
          </Link>
          <Link to="/invoices/new" className="btn btn-secondary btn-block">
            <PlusIcon /> New invoice
          </Link>
        </div>
        <nav aria-label="Main" className="nav">
          <Link to="/invoices" className="nav-link" activeProps={{ className: "is-active", "aria-current": "page" }} activeOptions={{ exact: false, includeSearch: false }}>
            <InvoiceIcon /> Invoices
          </Link>
          <Link to="/prompts" className="nav-link" activeProps={{ className: "is-active", "aria-current": "page" }} activeOptions={{ includeSearch: false }}>
            <PromptIcon /> Prompts
          </Link>
          <Link to="/settings" className="nav-link" activeProps={{ className: "is-active", "aria-current": "page" }} activeOptions={{ exact: true }}>
            <SettingsIcon /> Settings
          </Link>
          <Link to="/settings/api-tokens" className="nav-link" activeProps={{ className: "is-active", "aria-current": "page" }}>
            <KeyIcon /> API tokens
          </Link>
        </nav>
        <div className="sidebar-footer">
          <div className="account-chip" title={viewer?.email}>
            <span className="avatar" aria-hidden="true">
              {initials || "?"}
            </span>
            <span className="account-text">
              <span className="account-name">{viewer?.displayName || viewer?.businessName || "Your account"}</span>
              <span className="account-email">{viewer?.email}</span>
            </span>
          </div>
          <button type="button" className="btn btn-ghost btn-block nav-signout" onClick={handleSignOut} disabled={signingOut}>
            <LogOutIcon /> Sign out
          </button>
        </div>
      </aside>
      <div className="sidebar-scrim" onClick={() => setMenuOpen(false)} aria-hidden="true" />
      <main className="content" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
