// swift-tools-version: 6.1
import PackageDescription

// Every product a target imports is declared (an import that compiles only through another
// dependency breaks when that one changes); each is named once here.
let sqlKit: Target.Dependency = .product(name: "SQLKit", package: "sql-kit")
let sqliteKit: Target.Dependency = .product(name: "SQLiteKit", package: "sqlite-kit")
let postgresKit: Target.Dependency = .product(name: "PostgresKit", package: "postgres-kit")
let postgresNIO: Target.Dependency = .product(name: "PostgresNIO", package: "postgres-nio")
let sqliteNIO: Target.Dependency = .product(name: "SQLiteNIO", package: "sqlite-nio")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let nioSSL: Target.Dependency = .product(name: "NIOSSL", package: "swift-nio-ssl")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let hummingbirdTesting: Target.Dependency = .product(name: "HummingbirdTesting", package: "hummingbird")
let hummingbirdBcrypt: Target.Dependency = .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")
let mustache: Target.Dependency = .product(name: "Mustache", package: "swift-mustache")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")
let compressNIO: Target.Dependency = .product(name: "CompressNIO", package: "compress-nio")
let asyncHTTPClient: Target.Dependency = .product(name: "AsyncHTTPClient", package: "async-http-client")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let httpTypes: Target.Dependency = .product(name: "HTTPTypes", package: "swift-http-types")
let nioHTTPTypes: Target.Dependency = .product(name: "NIOHTTPTypes", package: "swift-nio-extras")
let serviceLifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .library(name: "TandemCore", targets: ["TandemCore"]),
        .library(name: "TandemStore", targets: ["TandemStore"]),
        .library(name: "TandemServer", targets: ["TandemServer"]),
        .library(name: "TandemCharts", targets: ["TandemCharts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(name: "TandemCore"),
        // Server-drawn SVG charts: pure functions from numbers to markup, used by every page with a chart.
        .target(name: "TandemCharts"),
        // The demo company's data, deterministic for a seed; `tandem demo` and `serve --demo` load it.
        .target(name: "TandemDemo", dependencies: ["TandemCore", "TandemStore"]),
        .target(
            name: "TandemStore",
            dependencies: [
                "TandemCore",
                sqlKit,
                sqliteKit,
                postgresKit,
                postgresNIO,
                sqliteNIO,
                nioCore,
                nioPosix,
                nioSSL,
                logging,
                crypto,
            ]
        ),
        .target(
            name: "TandemServer",
            dependencies: [
                "TandemCore",
                "TandemStore",
                "TandemCharts",
                hummingbird,
                hummingbirdBcrypt,
                mustache,
                prometheus,
                compressNIO,
                asyncHTTPClient,
                yams,
                httpTypes,
                nioHTTPTypes,
                serviceLifecycle,
                crypto,
                logging,
                nioCore,
                nioPosix,
            ],
            // Page templates and the stylesheet travel with the binary as the module's resources.
            resources: [.copy("Views"), .copy("Static")]
        ),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "TandemCore",
                "TandemStore",
                "TandemServer",
                "TandemDemo",
                argumentParser,
                hummingbird,
                logging,
            ]
        ),
        // Benchmarks build in release (`swift run -c release tandem-bench`); see Benchmarks/README.md.
        .executableTarget(
            name: "tandem-bench",
            dependencies: [
                "TandemCore",
                "TandemStore",
                "TandemServer",
                "TandemDemo",
                hummingbird,
                hummingbirdTesting,
                argumentParser,
                sqliteNIO,
                nioCore,
            ],
            path: "Benchmarks/TandemBench"
        ),
        .testTarget(name: "TandemCoreTests", dependencies: ["TandemCore"]),
        .testTarget(
            name: "TandemStoreTests",
            dependencies: [
                "TandemStore",
                "TandemDemo",
                sqlKit,
                postgresNIO,
                logging,
            ]
        ),
        .testTarget(name: "TandemChartsTests", dependencies: ["TandemCharts"]),
        .testTarget(name: "TandemDemoTests", dependencies: ["TandemDemo", "TandemCore", "TandemStore"]),
        .testTarget(
            name: "TandemServerTests",
            dependencies: [
                "TandemServer",
                "TandemDemo",
                "TandemCharts",
                hummingbird,
                hummingbirdTesting,
                asyncHTTPClient,
                compressNIO,
                logging,
                mustache,
                nioCore,
            ]
        ),
    ]
)
