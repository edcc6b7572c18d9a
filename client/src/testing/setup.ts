/**
 * Client test set-up: findBy… and waitFor poll until their condition holds; their deadline
 * (testing-library's default is 1 s) is only how long a broken screen takes to fail, so it
 * is generous — a lazy route's first import on a loaded machine can take seconds.
 */
import { configure } from "@testing-library/react";

configure({ asyncUtilTimeout: 30_000 });
