// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer targets over the main package, built only by `make fuzz` with
// `-sanitize=fuzzer,address`. A package of its own, so the main package's builds never see an
// executable without a `main` of its own (libFuzzer's driver is its entry point).
//
// The main package is referred to by its folder's name (a path dependency's identity), which
// differs between checkouts and worktrees.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "sharp-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // The declaration of libFuzzer's `LLVMFuzzerRunDriver`.
        .target(name: "CFuzzerDriver"),
        // Bytes → FrontendMessageDecoder, fed in chunks as a socket delivers them.
        .executableTarget(name: "FuzzFrontendDecoder", dependencies: [
            "CFuzzerDriver",
            .product(name: "CoordinatorServer", package: root),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // Bytes → one of the four source parsers (SBD, VSIN, Pinnacle, MLB schedule).
        .executableTarget(name: "FuzzSourceParsers", dependencies: [
            "CFuzzerDriver",
            .product(name: "SharpBetting", package: root),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
