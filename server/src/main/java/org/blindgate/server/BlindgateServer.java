package org.blindgate.server;
public class BlindgateServer { public static void main(String[] a) {} }
