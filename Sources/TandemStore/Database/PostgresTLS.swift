import NIOSSL
import PostgresNIO

/// The TLS settings PostgresNIO wants, for a connection and for a pool, from an `sslmode`.
struct PostgresTLS {
    let connection: PostgresConnection.Configuration.TLS
    let client: PostgresClient.Configuration.TLS

    init(mode: PostgresTLSMode) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            connection = .disable
            client = .disable
            return
        case .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        let context = try NIOSSLContext(configuration: configuration)
        if mode == .prefer {
            connection = .prefer(context)
            client = .prefer(configuration)
        } else {
            connection = .require(context)
            client = .require(configuration)
        }
    }
}
