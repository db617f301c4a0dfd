"""Addresses outside the site: the repository on GitHub, where to edit the ledger, the published site."""

from __future__ import annotations

from collections.abc import Mapping


def repository_url(repo_url: str | None, env: Mapping[str, str]) -> str | None:
    """The configured repository, or the one GitHub Actions is running for."""
    if repo_url:
        return repo_url.rstrip("/")
    if env.get("GITHUB_REPOSITORY"):
        return f"{env.get('GITHUB_SERVER_URL') or 'https://github.com'}/{env['GITHUB_REPOSITORY']}"
    return None


def edit_url(repository: str | None, branch: str, path: str) -> str | None:
    """GitHub's web editor for a file of the repository (it forks for people without write access)."""
    return f"{repository}/edit/{branch}/{path}" if repository else None


def site_url(configured: str | None, env: Mapping[str, str]) -> str | None:
    """The published site: as configured, else the GitHub Pages address of the repository Actions runs for."""
    url = configured or env.get("TRACKER_SITE_URL")
    if not url and env.get("GITHUB_REPOSITORY"):
        owner, _, name = env["GITHUB_REPOSITORY"].partition("/")
        url = f"https://{owner.lower()}.github.io/{name}/"
    if not url:
        return None
    return url if url.endswith("/") else url + "/"
