// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sharp",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DuckDBKit", targets: ["DuckDBKit"]),
        .library(name: "DuckCoordinator", targets: ["DuckCoordinator"]),
        .library(name: "SharpBetting", targets: ["SharpBetting"]),
        .library(name: "CoordinatorServer", targets: ["CoordinatorServer"]),
        .library(name: "DuckRemote", targets: ["DuckRemote"]),
        .library(name: "WireAuthentication", targets: ["WireAuthentication"]),
        .executable(name: "sharp", targets: ["sharp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The one PostgreSQL client (RemoteCoordinator): a sharp owner and a real PostgreSQL alike.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // Our declarations of the DuckDB C API and the run-time loader (dlopen/dlsym).
        .target(name: "CDuckDB", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "DuckDBKit", dependencies: ["CDuckDB", .product(name: "Logging", package: "swift-log")]),
        .target(name: "DuckCoordinator", dependencies: ["DuckDBKit", .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics")]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "SharpBetting", dependencies: ["DuckCoordinator", "CLibXML2", .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics")]),
        // The server's logins: SCRAM-SHA-256 and MD5 passwords, on swift-crypto's digests.
        .target(name: "WireAuthentication", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        // The PostgreSQL wire-protocol server in front of one coordinator (`sharp serve`).
        .target(
            name: "CoordinatorServer",
            dependencies: [
                "DuckCoordinator", "DuckDBKit", "WireAuthentication",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // RemoteCoordinator: the same DatabaseCoordinating API, over the wire to the file's owner.
        .target(
            name: "DuckRemote",
            dependencies: [
                "DuckCoordinator", "DuckDBKit", "CoordinatorServer",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Logs (text or JSON lines on stderr), the Prometheus registry, and the loopback HTTP
        // endpoint behind `--metrics-port` and `sharp dashboard` (/metrics, /api/*, the page).
        .target(
            name: "Observability",
            dependencies: [
                "DuckCoordinator",
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // A throwaway PostgreSQL cluster (initdb into a temporary folder, a free port): for the
        // tests and benchmarks that need a real PostgreSQL.
        .target(name: "ThrowawayPostgres"),
        // Raw C baselines of the benchmarks: loops over the same `cduckdb_api` table.
        .target(name: "CBenchmarks", dependencies: ["CDuckDB"]),
        .target(name: "Benchmarks", dependencies: ["DuckDBKit", "CDuckDB", "CBenchmarks", "DuckCoordinator", "SharpBetting",
                                                  "CoordinatorServer", "DuckRemote", "Observability", "ThrowawayPostgres",
                                                  .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "sharp",
            dependencies: [
                "DuckDBKit", "DuckCoordinator", "SharpBetting", "Benchmarks", "CoordinatorServer", "DuckRemote", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "DuckDBKitTests", dependencies: ["DuckDBKit"]),
        .testTarget(name: "DuckCoordinatorTests", dependencies: ["DuckCoordinator", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "SharpBettingTests", dependencies: ["SharpBetting", "CLibXML2", "DuckRemote", "ThrowawayPostgres"]),
        .testTarget(name: "SharpCLITests", dependencies: ["DuckDBKit", "DuckCoordinator", "SharpBetting", "sharp", "ThrowawayPostgres"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "DuckDBKit", "DuckCoordinator", "CoordinatorServer", "sharp"]),
        .testTarget(name: "ObservabilityTests", dependencies: ["Observability", "DuckCoordinator", "DuckDBKit", "SharpBetting", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "CoordinatorServerTests", dependencies: ["CoordinatorServer", "DuckCoordinator", "DuckDBKit", "WireAuthentication"]),
        .testTarget(name: "DuckRemoteTests", dependencies: ["DuckRemote", "CoordinatorServer", "DuckCoordinator", "DuckDBKit", "ThrowawayPostgres"]),
    ],
    swiftLanguageModes: [.v6]
)
