import Testing

@testable import TandemCore

@Suite("Webhook targets: only public addresses by default")
struct WebhookTargetPolicyTests {
    @Test("every spelling of loopback, private, link-local and metadata addresses is refused")
    func refusedHosts() {
        let policy = WebhookTargetPolicy()
        let hosts = [
            "127.0.0.1", "0x7f000001", "2130706433", "0177.0.0.1", "127.1", "127.0.0.1.", "0", "0.0.0.0", "10.1.2.3", "172.16.5.4",
            "192.168.1.1", "169.254.169.254", "100.64.0.1", "[::1]", "::1", "::", "::ffff:127.0.0.1", "[::ffff:a9fe:a9fe]",
            "fe80::1", "fd00::1", "64:ff9b::7f00:1", "localhost", "api.localhost", "metadata.google.internal", "224.0.0.1",
        ]
        for host in hosts {
            #expect(policy.refusal(host: host) != nil, "\(host)")
        }
    }

    @Test("public addresses and names pass; allowing private ranges lets everything through")
    func allowedHosts() {
        let policy = WebhookTargetPolicy()
        for host in ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "hooks.slack.com", "172.32.0.1", "11.0.0.1"] {
            #expect(policy.refusal(host: host) == nil, "\(host)")
        }
        #expect(WebhookTargetPolicy(allowPrivate: true).refusal(host: "127.0.0.1") == nil)
    }

    @Test("addresses parse in inet_aton's forms and IPv6 with ::")
    func parsing() {
        #expect(IPAddress("0x7f000001") == IPAddress("127.0.0.1"))
        #expect(IPAddress("127.1") == IPAddress("127.0.0.1"))
        #expect(IPAddress("0177.0.0.01") == IPAddress("127.0.0.1"))
        #expect(IPAddress("256.0.0.1") == nil)
        #expect(IPAddress("1.2.3.4.5") == nil)
        #expect(IPAddress("4294967296") == nil)
        #expect(IPAddress("::ffff:7f00:1") == IPAddress("::ffff:127.0.0.1"))
        #expect(IPAddress("1::2::3") == nil)
        #expect(IPAddress("12345::") == nil)
        #expect(IPAddress("example.com") == nil)
    }
}
