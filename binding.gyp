{
  "targets": [
    {
      "target_name": "php_sockets",
      "sources": [
        "native/addon.cc",
        "native/constants.cc",
        "native/sockaddr.cc",
        "native/lifecycle.cc",
        "native/io.cc",
        "native/select.cc",
        "native/msg.cc",
        "native/addrinfo.cc",
        "native/options.cc",
        "native/stream.cc",
        "native/async.cc",
        "native/blocking.cc",
        "native/tls.cc",
        "native/compat.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": [
        "NAPI_VERSION=9",
        "NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS",
        "_GNU_SOURCE"
      ],
      "libraries": ["-ldl"],
      "cflags!": ["-fexceptions"],
      "cflags_cc!": ["-fexceptions"],
      "cflags_cc": ["-std=c++17", "-O2", "-fno-exceptions"]
    }
  ]
}
