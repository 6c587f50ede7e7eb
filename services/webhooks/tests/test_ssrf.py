"""The SSRF guard's table: every spelling of an internal address is refused, public ones pass,
names are judged by what they resolve to, and only the allow-list lets loopback through."""

from __future__ import annotations

import ipaddress

import pytest

from webhooks.encryption import generate_key
from webhooks.settings import Settings
from webhooks.ssrf import (
    DestinationRefused,
    check_url,
    parse_destination,
    parse_ipv4_number,
)

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


def fake_dns(table: dict[str, list[str]]):
    """A resolver answering from ``table`` (the DNS of a name pointed at internal hosts)."""

    async def resolve(host: str, port: int):
        if host not in table:
            raise OSError(f"unknown host {host}")
        return [ipaddress.ip_address(a) for a in table[host]]

    return resolve


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2852039166", "169.254.169.254"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("10.0x10.1", "10.16.0.1"),
        ("017700000001", "127.0.0.1"),
        ("8.8.8.8", "8.8.8.8"),
    ],
)
def test_numeric_spellings_read_as_inet_aton_does(host, address):
    assert parse_ipv4_number(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["example.com", "1.2.3.4.example", "0x7f.example", "a.08"])
def test_names_are_not_numbers(host):
    assert parse_ipv4_number(host) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://[fd00:ec2::254]/", "metadata"),
        ("http://100.100.100.200/", "metadata"),
        ("http://10.1.2.3/", "private"),
        ("http://10.255.255.255/", "private"),
        ("http://192.168.0.10/", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://172.31.255.254/", "private"),
        ("http://127.0.0.1/", "loopback"),
        ("http://localhost./", None),
        ("http://[::1]/", "loopback"),
        ("http://0.0.0.0/", None),
        ("http://169.254.1.1/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://100.127.255.254/", "carrier-grade NAT"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://[fd00::1]/", "unique-local"),
        ("http://[fc00::1]/", "unique-local"),
        ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
        ("http://[::ffff:8.8.8.8]/", "IPv4-mapped"),
        ("http://[64:ff9b::a00:1]/", "embedding"),
        ("http://[2002:a00:1::]/", "embedding"),
        ("http://2852039166/", "metadata"),
        ("http://0x7f.1/", "loopback"),
        ("http://0177.0.0.1/", "loopback"),
        ("http://0xa.1/", "private"),
        ("http://240.0.0.1/", None),
        ("http://255.255.255.255/", None),
    ],
)
async def test_internal_addresses_are_refused_in_any_spelling(url, reason):
    resolve = fake_dns({"localhost.": ["127.0.0.1"]})
    with pytest.raises(DestinationRefused) as refused:
        await check_url(url, allowed=(), resolve=resolve)
    if reason is not None:
        assert reason in str(refused.value)


@pytest.mark.parametrize(
    "url",
    ["https://8.8.8.8/hooks", "http://93.184.215.14:8080/x", "https://[2606:4700::1111]/"],
)
async def test_public_addresses_pass(url):
    assert (await check_url(url, allowed=())).address is not None


@pytest.mark.parametrize(
    "url",
    [
        "ftp://8.8.8.8/",
        "file:///etc/passwd",
        "gopher://8.8.8.8/",
        "ws://8.8.8.8/",
        "javascript:alert(1)",
        "data:text/plain,hi",
        "//8.8.8.8/",
        "http://",
        "http://user:secret@8.8.8.8/",
        "http://8.8.8.8:99999/",
        "http://exa mple.com/",
        "http://256.1.1.1.1/",
        "http://8.8.8.8/\x00",
        "http://exa\tmple.com/",
        f"http://{'a' * 64}.com/",
        f"http://{'a.' * 130}com/",
        "http://-leading.example/",
    ],
)
def test_malformed_urls_and_other_schemes_are_refused(url):
    with pytest.raises(DestinationRefused):
        parse_destination(url)


def test_https_only_when_required():
    with pytest.raises(DestinationRefused, match="https"):
        parse_destination("http://8.8.8.8/", require_https=True)


class TestNames:
    async def test_a_name_resolving_to_a_private_address_is_refused(self):
        dns = fake_dns({"hooks.shop.test": ["93.184.215.14", "10.0.0.7"]})
        with pytest.raises(DestinationRefused, match=r"hooks.shop.test \(10.0.0.7\)"):
            await check_url("https://hooks.shop.test/x", allowed=(), resolve=dns)

    async def test_a_name_resolving_to_public_addresses_passes(self):
        dns = fake_dns({"hooks.shop.test": ["93.184.215.14"]})
        await check_url("https://hooks.shop.test/x", allowed=(), resolve=dns)

    async def test_a_name_that_does_not_resolve_yet_is_checked_at_delivery(self):
        await check_url("https://not-yet.shop.test/x", allowed=(), resolve=fake_dns({}))

    async def test_localhost_through_the_real_resolver_is_refused_without_the_allow_list(self):
        with pytest.raises(DestinationRefused, match="loopback"):
            await check_url("http://localhost:8080/hooks", allowed=())

    async def test_the_allow_list_lets_loopback_through(self):
        await check_url("http://localhost:8080/hooks", allowed=LOOPBACK)
        await check_url("http://127.0.0.1:8080/hooks", allowed=LOOPBACK)

    async def test_the_allow_list_does_not_cover_mapped_spellings(self):
        with pytest.raises(DestinationRefused):
            await check_url("http://[::ffff:127.0.0.1]/", allowed=LOOPBACK)


class TestAllowListSetting:
    def test_development_and_test_allow_loopback(self):
        assert Settings(environment="development").allowed == LOOPBACK
        assert Settings(environment="test").allowed == LOOPBACK

    def test_production_allows_nothing_by_default(self):
        assert Settings(environment="production", secrets_key=generate_key()).allowed == ()

    def test_production_refuses_a_loopback_allow_list(self):
        with pytest.raises(ValueError, match="loopback"):
            Settings(
                environment="production",
                allowed_networks=("127.0.0.0/8",),
                secrets_key=generate_key(),
            )

    def test_the_setting_reads_a_comma_separated_list(self, monkeypatch):
        monkeypatch.setenv("WEBHOOKS_ALLOWED_NETWORKS", "10.1.0.0/16, 192.168.5.0/24")
        assert [str(n) for n in Settings().allowed] == ["10.1.0.0/16", "192.168.5.0/24"]

    def test_an_empty_setting_allows_nothing(self, monkeypatch):
        monkeypatch.setenv("WEBHOOKS_ALLOWED_NETWORKS", "")
        assert Settings().allowed == ()
