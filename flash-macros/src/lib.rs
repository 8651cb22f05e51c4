//! Procedural macros of flash.
