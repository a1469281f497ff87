// Free-mail and disposable-mail domains: an address at one of these says nothing about the
// company a person works for, so it never forms an account and counts against fit.
// Gathered from the providers with the largest user bases per country, plus common
// disposable-address services.

/// The domains of free and disposable email providers.
public enum FreeMailDomains {
    /// True when `domain` (lower case) is a free-mail or disposable provider.
    public static func contains(_ domain: String) -> Bool {
        all.contains(domain.lowercased())
    }

    /// Every known domain, lower case.
    public static let all: Set<String> = [
        "10minutemail.com", "126.com", "139.com", "163.com", "189.cn", "aim.com", "alice.it", "aliyun.com",
        "aol.co.uk", "aol.com", "aol.de", "aol.fr", "arcor.de", "att.net", "bbox.fr", "bellsouth.net",
        "bigpond.com", "bigpond.net.au", "bk.ru", "bluewin.ch", "blueyonder.co.uk", "bol.com.br",
        "btinternet.com", "centrum.cz", "charter.net", "comcast.net", "consultant.com", "cox.net", "daum.net",
        "disroot.org", "earthlink.net", "email.com", "engineer.com", "europe.com", "excite.com",
        "fastmail.com", "fastmail.fm", "foxmail.com", "free.fr", "freenet.de", "frontier.com", "gmail.com",
        "gmx.at", "gmx.ch", "gmx.co.uk", "gmx.com", "gmx.de", "gmx.fr", "gmx.net", "gmx.us", "googlemail.com",
        "guerrillamail.com", "hanmail.net", "hispeed.ch", "home.nl", "hotmail.be", "hotmail.ca",
        "hotmail.co.uk", "hotmail.com", "hotmail.com.ar", "hotmail.com.br", "hotmail.de", "hotmail.dk",
        "hotmail.es", "hotmail.fr", "hotmail.gr", "hotmail.it", "hotmail.nl", "hotmail.no", "hotmail.se",
        "hush.com", "hushmail.com", "icloud.com", "ig.com.br", "iinet.net.au", "inbox.com", "inbox.ru",
        "interia.pl", "internet.ru", "juno.com", "kpnmail.nl", "laposte.net", "libero.it", "list.ru",
        "live.be", "live.ca", "live.co.uk", "live.com", "live.com.au", "live.de", "live.dk", "live.fr",
        "live.it", "live.nl", "live.no", "live.se", "lycos.com", "mac.com", "mail.com", "mail.ru",
        "mailbox.org", "mailfence.com", "mailinator.com", "me.com", "msn.com", "myself.com", "nate.com",
        "naver.com", "netzero.net", "neuf.fr", "ntlworld.com", "o2.pl", "onet.pl", "optonline.net",
        "optusnet.com.au", "orange.fr", "outlook.co.uk", "outlook.com", "outlook.com.br", "outlook.de",
        "outlook.es", "outlook.fr", "outlook.in", "outlook.it", "outlook.jp", "passport.com", "planet.nl",
        "pm.me", "post.com", "posteo.de", "posteo.net", "proton.me", "protonmail.ch", "protonmail.com",
        "qq.com", "rambler.ru", "rediff.com", "rediffmail.com", "riseup.net", "rocketmail.com", "rogers.com",
        "runbox.com", "sbcglobal.net", "seznam.cz", "sfr.fr", "sharklasers.com", "shaw.ca", "sina.cn",
        "sina.com", "sky.com", "skynet.be", "sohu.com", "sympatico.ca", "t-online.de", "talktalk.net",
        "telenet.be", "telia.com", "telus.net", "temp-mail.org", "terra.com.br", "tin.it", "tiscali.it",
        "trashmail.com", "tuta.com", "tuta.io", "tutamail.com", "tutanota.com", "tutanota.de", "uol.com.br",
        "usa.com", "verizon.net", "videotron.ca", "virgilio.it", "virginmedia.com", "wanadoo.fr", "web.de",
        "windowslive.com", "windstream.net", "wp.pl", "xtra.co.nz", "ya.ru", "yahoo.ca", "yahoo.co.in",
        "yahoo.co.jp", "yahoo.co.uk", "yahoo.com", "yahoo.com.ar", "yahoo.com.au", "yahoo.com.br",
        "yahoo.com.mx", "yahoo.de", "yahoo.dk", "yahoo.es", "yahoo.fr", "yahoo.gr", "yahoo.ie", "yahoo.in",
        "yahoo.it", "yahoo.no", "yahoo.pl", "yahoo.se", "yandex.com", "yandex.ru", "yeah.net", "ymail.com",
        "yopmail.com", "ziggo.nl", "zoho.com", "zohomail.com", "zohomail.in",
    ]
}
