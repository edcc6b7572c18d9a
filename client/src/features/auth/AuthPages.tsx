import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { Logo } from "../../components/icons.tsx";
import { Alert, Button, InputField } from "../../components/ui.tsx";
import { MutationError, errorMessage } from "../../lib/result.ts";
import { useSignIn, useSignUp, } from "./queries.ts";
import type { Viewer } from "../../lib/viewer.ts";

function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle: ReactNode; children: ReactNode; footer: ReactNode }) {
  return (
    <div className="auth-page">
      <aside className="auth-aside" aria-hidden="true">
        <div className="auth-aside-inner">
          <div className="brand brand-light">
            <Logo />
            <span>Invobi</span>
          </div>
          <p className="auth-pitch">Describe an invoice in plain words. Get a correct, good-looking invoice.</p>
          <div className="auth-sample">
            <div className="auth-sample-row">
              <span>Consulting · 10 h × $150.00</span>
              <span>$1,500.00</span>
            </div>
            <div className="auth-sample-row muted">
              <span>Tax 10%</span>
              <span>$150.00</span>
            </div>
            <div className="auth-sample-row total">
              <span>Total</span>
              <span>$1,650.00</span>
            </div>
          </div>
        </div>
      </aside>
      <main className="auth-main" id="main">
        <div className="auth-card">
          <div className="brand auth-brand-mobile">
            <Logo />
            <span>Invobi</span>
          </div>
          <h1 className="auth-title">{title}</h1>
          <p className="auth-subtitle">{subtitle}</p>
          {children}
          <p className="auth-footer">{footer}</p>
        </div>
      </main>
    </div>
  );
}

// Plain react-hook-form rules here (no zod) keep the sign-in screen's bundle small.
interface SignInValues {
  email: string;
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function SignInPage({ onSignedIn }: { onSignedIn: (viewer: Viewer) => void }) {
  const signIn = useSignIn();
  const form = useForm<SignInValues>({ defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      onSignedIn(await signIn.mutateAsync({ email: values.email.trim(), password: values.password }));
    } catch {
      // shown from signIn.error
    }
  });
  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Sign in to your invoices."
      footer={
        <>
          New to Invobi? <Link to="/sign-up">Create an account</Link>
        </>
      }
    >
      <form className="stack" onSubmit={onSubmit} noValidate>
        {signIn.error ? <Alert>{errorMessage(signIn.error)}</Alert> : null}
        <InputField
          label="Email"
          type="email"
          autoComplete="email"
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the page is this one form: its first field is where everyone starts typing
          autoFocus
          error={errors.email?.message}
          {...form.register("email", { validate: (value) => value.trim() !== "" || "Enter your email address" })}
        />
        <InputField
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          {...form.register("password", { required: "Enter your password" })}
        />
        <Button type="submit" variant="primary" className="btn-block" busy={isSubmitting}>
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}

interface SignUpValues {
  displayName: string;
  email: string;
  password: string;
}

export function SignUpPage({ onSignedUp }: { onSignedUp: (viewer: Viewer) => void }) {
  const signUp = useSignUp();
  const form = useForm<SignUpValues>({ defaultValues: { displayName: "", email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      onSignedUp(
        await signUp.mutateAsync({ email: values.email.trim(), password: values.password, displayName: values.displayName.trim() || null }),
      );
    } catch (error) {
      if (error instanceof MutationError) {
        for (const issue of error.issues) {
          const name = issue.path[0];
          if (name === "email" || name === "password" || name === "displayName") {
            form.setError(name, { type: "server", message: issue.message.charAt(0).toUpperCase() + issue.message.slice(1) });
          }
        }
      }
    }
  });
  const generalError =
    signUp.error && !(signUp.error instanceof MutationError && signUp.error.issues.length > 0) ? errorMessage(signUp.error) : null;
  return (
    <AuthLayout
      title="Create your account"
      subtitle="Free, self-hosted, yours. It takes ten seconds."
      footer={
        <>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </>
      }
    >
      <form className="stack" onSubmit={onSubmit} noValidate>
        {generalError ? <Alert>{generalError}</Alert> : null}
        <InputField
          label="Your name"
          autoComplete="name"
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the page is this one form: its first field is where everyone starts typing
          autoFocus
          hint="Optional"
          error={errors.displayName?.message}
          {...form.register("displayName", { maxLength: { value: 120, message: "Must be at most 120 characters" } })}
        />
        <InputField
          label="Email"
          type="email"
          autoComplete="email"
          error={errors.email?.message}
          {...form.register("email", {
            validate: (value) => (value.trim() === "" ? "Enter your email address" : EMAIL.test(value.trim()) || "Enter a valid email address"),
          })}
        />
        <InputField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          error={errors.password?.message}
          {...form.register("password", {
            minLength: { value: 8, message: "Use at least 8 characters" },
            maxLength: { value: 256, message: "Must be at most 256 characters" },
          })}
        />
        <Button type="submit" variant="primary" className="btn-block" busy={isSubmitting}>
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
